from shop.orders.\
    models import Order
from shop.\
     orders.services import (
    place_order,  # the one entry point
)
import shop.orders \
    .models

__all__ = ["Order", "place_order", "shop"]
