"""The board: for a session at a moment, PUSH, SWAP or PRESALE per product, and why.

Pure: the values (model), the safety tiers (tiers), the rules (lights), the reason lines
(reasons), what to record as alerts (alerts, safety_breaches). `reads` gathers the facts,
`writes` records light changes and alerts, `service` composes them (`board_at`, and
`board_with_forecast`, the board with the session forecast as its remaining demand)."""
