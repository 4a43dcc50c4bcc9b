"""Application factory: wires the blueprints onto one Flask app."""
from flask import Flask

from shop import config
from shop.extensions import db
from shop.views import account, admin, cart, catalog, orders


def create_app(overrides=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = config.DATABASE_URL
    app.config.update(overrides or {})
    db.init_app(app)
    app.register_blueprint(catalog.bp)
    app.register_blueprint(cart.bp)
    app.register_blueprint(orders.bp)
    app.register_blueprint(account.bp, url_prefix="/api/me")
    app.register_blueprint(admin.bp)
    return app
