"""Orders API and the checkout form post."""
from flask import Blueprint, g, jsonify, redirect, url_for

import shop.services.orders
from shop.services import inventory as stock
from .. import extensions
from ..services.pricing import (
    order_total,
    quote,
)

bp = Blueprint("orders", __name__, url_prefix="/api/orders")


@bp.route("", methods=["GET"])
def list_orders():
    return jsonify(shop.services.orders.recent_orders(g.user.id))


@bp.route("/<int:order_id>", methods=["GET"])
def order_detail(order_id):
    order = extensions.db.session.get(shop.models.Order, order_id)
    return jsonify({"id": order.id, "status": order.status, "total": order_total(order)})


@bp.route("/<int:order_id>/cancel", methods=["POST"])
def cancel(order_id):
    order = shop.services.orders.cancel_order(order_id)
    return jsonify({"id": order.id, "status": order.status})


@bp.route("/<int:order_id>", methods=["DELETE"])
def delete_order(order_id):
    shop.services.orders.cancel_order(order_id)
    return "", 204


@bp.route("/checkout", methods=["POST"])
def checkout():
    order = shop.services.orders.place_order(g.user, g.cart_lines)
    return redirect(url_for("orders.order_detail", order_id=order.id))


@bp.get("/backorders")
def backorders():
    return jsonify({"orders": stock.backorders(g.user.id), "quote": quote([])})
