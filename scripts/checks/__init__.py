"""The project's checks: gate 1 on the sources, gate 2 on a built site."""
