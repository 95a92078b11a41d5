"""Planning between streams: safety stock, daily demand, the replenishment plan, projections
and what-if, fees and placement, stock age (pure); `inputs` gathers what a plan needs into
one value; `service` reads the store and returns the plan, the what-if baselines and the
warehouses view."""
