"""The ORM models, re-exported for `from shop.models import Product`."""
from .catalog import Category, Product, order_tags
from .inventory import StockLevel
from .orders import Order, OrderItem
from .users import User

__all__ = ["Category", "Order", "OrderItem", "Product", "StockLevel", "User", "order_tags"]
