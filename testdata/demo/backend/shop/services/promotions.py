"""Seasonal promotions. Needs prices to decide eligibility: a cycle with pricing."""
from shop.services import pricing


def codes_for(order):
    codes = []
    if getattr(order, "coupon_code", None):
        codes.append(order.coupon_code)
    if order.items and pricing.line_total(order.items[0]) > 10_000:
        codes.append("SPRING15")
    return codes
