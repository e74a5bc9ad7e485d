"""The project's command line (`python -m scripts --help`)."""
