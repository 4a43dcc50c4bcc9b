"""Application factory: blueprints are registered here, one with a prefix."""
from flask import Flask

from .api import api_bp
from .auth import bp as auth_bp


def create_app():
    app = Flask(__name__)
    # url_prefix here replaces the blueprint's own "/v0".
    app.register_blueprint(api_bp, url_prefix="/api")
    app.register_blueprint(auth_bp)

    @app.route("/health")
    def health():
        return "ok"

    return app
