"""LiveStock's domain: the store, the board, forecasts and plans. No UI code lives here."""
