"""Schema versions: stores made by revision 0001 upgrade keeping their data, the migrations
build exactly the models' schema, and every entry point refuses a store of another revision.

Each store test runs on a SQLite file and on the PostgreSQL named by LIVESTOCK_TEST_PG (the
`blank` fixture, in conftest). `builders` makes stores at a revision and fills revision 0001's
tables. One module per idea: `test_revisions` (the chain and the drift check),
`test_new_stores` (creating the schema), `test_upgrading` (`upgrade_store` and
`livestock upgrade`), `test_legacy_shapes` (stores made before revisions were recorded),
`test_refusals` (a store of another revision, refused by the schema and by every command).
"""
