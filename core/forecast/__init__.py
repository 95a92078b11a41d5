"""The forecast: a session's units per product (low / expected / high), learned from past
sessions: history (what past sessions were), viewers, orders and warm-up models, time slots,
ranges, the live nowcast and the backtest (all pure); `reads` the history from the store;
`service` the forecast of a session as of a moment."""
