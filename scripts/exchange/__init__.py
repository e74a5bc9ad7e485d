"""Translation exchange: pages to gettext PO / XLIFF 2 and back, for translation tools.

`blocks` cuts a page into translatable units with their byte spans (markdown-it-py),
`placeholders` hides the syntax translators must not change, `catalog` reads and writes the
files (translate-toolkit), `exporter` and `importer` are the two directions.
"""
