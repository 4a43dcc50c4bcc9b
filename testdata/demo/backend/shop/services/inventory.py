"""Stock reservations. Calls back into orders to find open orders: a cycle."""
from sqlalchemy import text

from shop.extensions import db
from shop.models import StockLevel
from shop.services import orders


def reserve(product_id, quantity):
    level = StockLevel.query.filter_by(product_id=product_id).first()
    if level is None or level.available < quantity:
        raise ValueError(f"not enough stock for product {product_id}")
    level.reserved += quantity


def release(product_id, quantity):
    db.session.execute(
        text("UPDATE inventory SET reserved = reserved - :q WHERE product_id = :p"),
        {"q": quantity, "p": product_id},
    )


def backorders(user_id):
    return [o for o in orders.recent_orders(user_id) if o["status"] == "backordered"]
