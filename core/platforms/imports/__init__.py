"""Platform exports -> LiveStock's data files -> the loader (all or nothing).

Each importer (shopify.py, tiktok.py, amazon.py) reads a platform's own export as it is
downloaded, in its language and encoding (platform_file.py, vocabulary.py, countries.py,
money.py), maps it row by row to orders.csv or stock.csv (docs/data-files.md "Platform
exports"), leaves out and lists the lines it cannot count (no sku; unknown skus with
--only-known-skus), and hands the file to `core.ingest.service.load_file_as` (translated.py):
the same checks, upsert and single transaction as `livestock load`. Any error, the loader's
included, names the platform file, its row as a spreadsheet shows it (the header is row 1)
and its column.
"""
