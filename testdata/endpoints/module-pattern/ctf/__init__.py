"""A Flask app whose JSON API sits under /api/v1 and whose pages share names with it."""
from flask import Blueprint, Flask

api = Blueprint("api", __name__, url_prefix="/api/v1")
pages = Blueprint("pages", __name__)


@api.route("/tags", methods=["GET", "POST"])
def tag_list():
    pass


@api.route("/tags/<int:tag_id>", methods=["DELETE"])
def tag_detail(tag_id):
    pass


@api.route("/users", methods=["POST"])
def user_create():
    pass


@api.route("/users/<int:user_id>/awards")
def user_awards(user_id):
    pass


@pages.route("/users")
def users_page():
    pass


@pages.route("/share/<type>/assets/<path:path>")
def share_assets(type, path):
    pass


def create_app():
    app = Flask(__name__)
    app.register_blueprint(api)
    app.register_blueprint(pages)
    return app
