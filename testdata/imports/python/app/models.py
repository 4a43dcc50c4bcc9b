"""Models (no imports of the app)."""


class Order:
    pass
