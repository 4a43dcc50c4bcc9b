import shop.services.orders as orders_service
from shop.models import Order


def test_recent_orders_empty(app):
    assert orders_service.recent_orders(user_id=1) == []
    assert Order.query.count() == 0
