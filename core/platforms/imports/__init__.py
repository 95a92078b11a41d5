"""Platform exports -> LiveStock's data files -> the loader (all or nothing).

Each importer (shopify.py, tiktok.py, amazon.py) reads a platform's own export as it is
downloaded (platform_file.py), maps it row by row to orders.csv or stock.csv (docs/data-files.md
"Data in"), and hands that file to `core.ingest.service.load_file_as` (translated.py): the same
checks, upsert and single transaction as `livestock load`. Any error, the loader's included,
names the platform file, its line (the header is line 1) and its column. Mappings: README
"Real orders in".
"""
