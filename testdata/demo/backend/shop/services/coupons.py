"""Coupon codes; promotions decide which ones apply."""
from shop.services import promotions

ACTIVE_CODES = {"WELCOME10": 10, "SPRING15": 15}


def discount_for(order, subtotal):
    percent = max((ACTIVE_CODES.get(code, 0) for code in promotions.codes_for(order)), default=0)
    return subtotal * percent // 100
