"""The data files in: their specs (datafiles), read (csv_reading), parsed and checked
(value_parsers, row_checks, references, duplicate_keys, file_problems), the keys the store
knows (reads), upserted (writes), one all-or-nothing load (service) and its report."""
