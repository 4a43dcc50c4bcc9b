"""Business logic. Views call into here; here calls the models."""
