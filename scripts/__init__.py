"""The project's own tools: build pipeline, checks and content utilities (see `python -m scripts --help`)."""
