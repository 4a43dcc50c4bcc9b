"""HTTP layer: one blueprint per area."""
