"""Orders from the platforms: webhook bodies and signatures (webhooks, pure), export files
(imports/), where the board's numbers came from (provenance, pure; `reads`), and the intake
that writes a delivery and answers only after its commit (`service`)."""
