"""Playing a live stream into the store: the stream's model and its seeded draw (pure),
what can still be sold (sellable_stock), `reads` and `writes` of the simulated clock and
ticks, and `service`, the player."""
