"""Back-office API: class-based views registered with add_url_rule."""
import importlib

from flask import Blueprint, jsonify, request
from flask.views import MethodView

from shop.extensions import db
from shop.models import Order, StockLevel
from shop.services import notifications

bp = Blueprint("admin", __name__, url_prefix="/admin/api")


class StockView(MethodView):
    def get(self, product_id):
        levels = StockLevel.query.filter_by(product_id=product_id).all()
        return jsonify([{"warehouse": s.warehouse, "available": s.available} for s in levels])

    def put(self, product_id):
        level = StockLevel.query.filter_by(product_id=product_id).first_or_404()
        level.on_hand = request.get_json()["on_hand"]
        db.session.commit()
        return jsonify({"on_hand": level.on_hand})


bp.add_url_rule("/stock/<int:product_id>", view_func=StockView.as_view("stock"))


def refund(order_id):
    payments = importlib.import_module("shop.services.payments")
    order = db.session.get(Order, order_id)
    return jsonify({"refund": payments.charge(order, token="refund")})


bp.add_url_rule("/orders/<int:order_id>/refund", view_func=refund, methods=["POST"])
notifications._listeners["order_cancelled"] = [lambda event, payload: None]
