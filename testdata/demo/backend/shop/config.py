"""Settings. UPPER_CASE names bound to immutable values are constants, not shared state."""
import os

DATABASE_URL = os.environ.get("SHOP_DATABASE_URL", "postgresql://localhost/shop")
REDIS_URL = os.environ.get("SHOP_REDIS_URL", "redis://localhost:6379/0")
PAGE_SIZE = 24
CURRENCY = "EUR"
TAX_RATE = 0.2
FREE_SHIPPING_THRESHOLD = 50
SUPPORTED_LOCALES = ("en", "de", "fr")
