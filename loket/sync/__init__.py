"""The station's side of the central link: the protocol client, the link monitor
and the sync engine that drains the outbox (see docs/central-link.md)."""
