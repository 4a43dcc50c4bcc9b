"""Placing and cancelling orders."""
from sqlalchemy import text

from shop.extensions import db
from shop.models import Order, OrderItem
from shop.services import inventory, notifications
from shop.services.pricing import order_total
from shop.utils.helpers import now_utc


def place_order(user, cart_lines):
    order = Order(user_id=user.id, status="placed", placed_at=now_utc())
    for line in cart_lines:
        order.items.append(
            OrderItem(product_id=line["product_id"], quantity=line["quantity"],
                      unit_price_cents=line["price_cents"])
        )
        inventory.reserve(line["product_id"], line["quantity"])
    db.session.add(order)
    db.session.commit()
    notifications.emit("order_placed", order_id=order.id, total=order_total(order))
    return order


def cancel_order(order_id):
    order = Order.query.get_or_404(order_id)
    for item in order.items:
        inventory.release(item.product_id, item.quantity)
    order.status = "cancelled"
    db.session.commit()
    notifications.emit("order_cancelled", order_id=order_id)
    return order


def recent_orders(user_id, limit=20):
    rows = db.session.execute(
        text("SELECT id, status, placed_at FROM orders WHERE user_id = :uid ORDER BY placed_at DESC LIMIT :n"),
        {"uid": user_id, "n": limit},
    )
    return [dict(row._mapping) for row in rows]
