"""Prices, taxes and discounts for carts and orders."""
from shop import config
from shop.models import Order
from shop.services import coupons
from shop.utils.money import Money


def line_total(item):
    return item.unit_price_cents * item.quantity


def order_total(order: Order) -> int:
    subtotal = sum(line_total(item) for item in order.items)
    discount = coupons.discount_for(order, subtotal)
    taxed = (subtotal - discount) * (1 + config.TAX_RATE)
    return int(round(taxed))


def quote(cart_lines):
    """Price a cart that is not an order yet."""
    subtotal = sum(line["price_cents"] * line["quantity"] for line in cart_lines)
    shipping = 0 if subtotal >= config.FREE_SHIPPING_THRESHOLD * 100 else 490
    return {"subtotal": str(Money(subtotal)), "shipping": str(Money(shipping))}
