from flask import Blueprint
from flask.views import MethodView

api_bp = Blueprint("api", __name__, url_prefix="/v0")


@api_bp.route("/products", methods=["GET", "POST"])
def products():
    return []


@api_bp.get("/products/<int:product_id>")
def product(product_id):
    return {}


@api_bp.delete("/products/<int:product_id>")
def delete_product(product_id):
    return "", 204


class CartAPI(MethodView):
    def get(self):
        return {}

    def put(self):
        return {}


api_bp.add_url_rule("/cart", view_func=CartAPI.as_view("cart"))
