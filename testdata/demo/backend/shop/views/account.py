"""The signed-in user's profile; mounted at /api/me by the app factory."""
from flask import Blueprint, g, jsonify, request

from shop.extensions import db
from shop.models.users import User

bp = Blueprint("account", __name__)


@bp.get("/")
def profile():
    user = db.session.get(User, g.user.id)
    return jsonify({"email": user.email, "name": user.display_name()})


@bp.patch("/")
def update_profile():
    user = db.session.get(User, g.user.id)
    user.name = request.get_json().get("name", user.name)
    db.session.commit()
    return jsonify({"name": user.name})
