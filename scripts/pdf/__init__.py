"""PDF editions of the papers (WeasyPrint, the project's own print templates)."""
