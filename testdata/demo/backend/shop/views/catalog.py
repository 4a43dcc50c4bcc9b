"""Catalogue API: products and categories."""
from flask import Blueprint, jsonify, request

from shop.extensions import cache, db
from shop.models import Category, Product
from shop.utils import paginate
from shop.utils.validation import require_fields

bp = Blueprint("catalog", __name__, url_prefix="/api/catalog")


@bp.route("/products", methods=["GET"])
def list_products():
    query = Product.query.order_by(Product.title)
    if "category" in request.args:
        query = query.join(Category).filter(Category.slug == request.args["category"])
    return jsonify([p.sku for p in paginate(query, request.args.get("page"))])


@bp.route("/products/<int:product_id>", methods=["GET", "PUT"])
def product_detail(product_id):
    product = Product.query.get_or_404(product_id)
    if request.method == "PUT":
        payload = require_fields(request.get_json(), "title", "price_cents")
        product.title = payload["title"]
        product.price_cents = payload["price_cents"]
        db.session.commit()
        cache.pop(f"product:{product_id}", None)
    return jsonify({"id": product.id, "title": product.title, "price": str(product.price)})


@bp.get("/categories")
def list_categories():
    if "categories" not in cache:
        cache["categories"] = [c.slug for c in Category.query.all()]
    return jsonify(cache["categories"])


@bp.get("/search")
def search():
    term = request.args.get("q", "")
    rows = db.session.execute(
        db.text("SELECT id, title FROM products WHERE title ILIKE :t LIMIT 20"), {"t": f"%{term}%"}
    )
    return jsonify([dict(r._mapping) for r in rows])
