"""The board's rules, on plain facts: lights, swaps, presale dates, reasons, order, tiers.

`builders` makes the facts (a session, a product) and builds a board from them. One module
per idea: `test_lights` (PUSH, SWAP or PRESALE), `test_slow_movers`, `test_swaps` (which
substitute takes the demand), `test_presale` (whether a product may be presold and the date
it ships), `test_reasons` (what a row says without a pace), `test_order` (the order of the
rows), `test_remaining_demand` (the pace estimate), `test_tiers`, `test_safety_breaches`,
`test_json` (the board's JSON contract).
"""
