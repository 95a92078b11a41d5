"""After the stream: what sold, when each product ran out, lost sales, forecast against
actual, the viewer curve, light bands and A/B tests (pure modules); `reads` gathers a
session's facts; `service` composes the review."""
