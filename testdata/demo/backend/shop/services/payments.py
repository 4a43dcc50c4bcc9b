"""Payment provider client; loaded lazily by name from the admin view."""
import requests

from shop.services import notifications

PROVIDER_URL = "https://payments.example.com/v1/charges"


def charge(order, token):
    response = requests.post(PROVIDER_URL, json={"amount": order.total_cents(), "token": token}, timeout=10)
    response.raise_for_status()
    return response.json()["id"]


def _audit(event, payload):
    if event == "order_placed":
        notifications.log.info("payment pending for order %s", payload["order_id"])


notifications.HANDLERS.append(_audit)
