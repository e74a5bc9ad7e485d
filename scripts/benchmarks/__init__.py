"""Benchmarks of the project's tools (python -m scripts bench ...)."""
