"""Building the site: the MkDocs run for every language, its work folder, and what the hooks share."""
