"""The committed demo dataset (sample_data/): it loads clean, it looks like a real
cross-border seller's store, its stock ledger adds up, tonight's board opens with a mix of
lights, and the generator writes it again byte for byte.

`sample` reads the committed files as rows. One module per idea: `test_contract` (the files
load and keep their columns), `test_story` (the store a seller recognises), `test_stock_ledger`
(counts, orders and arrivals add up), `test_tonight` (tonight's board opens with a mix),
`test_generator` (it writes the committed files again).
"""
