"""The live board against a real store (SQLite, and PostgreSQL when LIVESTOCK_TEST_PG is
set), one module per idea: `test_available` (what counts as available and when presale
ships), `test_demand_and_tiers` (pace, swaps, demand before the stream, the tier),
`test_replays` (a moment replays the same board; calm lights; a timeline of boards),
`test_recorded_alerts` (one alert per change, however many consoles refresh),
`test_default_session` (which session a console opens and its clock). The store they share
is `conftest.store`.
"""
