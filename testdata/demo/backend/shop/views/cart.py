"""Cart API. The cart lives in Redis, keyed by session."""
import json

from flask import Blueprint, jsonify, request, session

from shop.extensions import redis_client
from shop.services.pricing import quote
from shop.utils import validation as checks

bp = Blueprint("cart", __name__, url_prefix="/api/cart")


def _load():
    raw = redis_client.get(f"cart:{session.get('sid')}")
    return json.loads(raw) if raw else []


@bp.get("")
def show_cart():
    lines = _load()
    return jsonify({"lines": lines, "quote": quote(lines)})


@bp.post("/items")
def add_item():
    payload = checks.require_fields(request.get_json(), "product_id", "quantity", "price_cents")
    lines = _load()
    lines.append({**payload, "quantity": checks.quantity(payload["quantity"])})
    redis_client.set(f"cart:{session.get('sid')}", json.dumps(lines))
    return jsonify({"lines": lines}), 201


@bp.delete("/items/<int:product_id>")
def remove_item(product_id):
    lines = [line for line in _load() if line["product_id"] != product_id]
    redis_client.set(f"cart:{session.get('sid')}", json.dumps(lines))
    return "", 204
