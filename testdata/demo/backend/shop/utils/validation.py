"""Request payload validation shared by the views."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shop.models import Product


class ValidationError(ValueError):
    pass


def require_fields(payload, *fields):
    missing = [f for f in fields if f not in payload]
    if missing:
        raise ValidationError("missing: " + ", ".join(missing))
    return payload


def quantity(value) -> int:
    qty = int(value)
    if not 0 < qty <= 99:
        raise ValidationError("quantity must be between 1 and 99")
    return qty


def price_of(product: "Product") -> int:
    return product.price_cents
