from flask import Blueprint, Flask
from flask_restful import Api, Resource

from server.settings import MULTI_ORG

app = Flask(__name__)
admin = Blueprint("admin", __name__, url_prefix="/admin")


def org_scoped_rule(rule):
    if MULTI_ORG:
        return "/<org_slug>{}".format(rule)
    return rule


class ApiExt(Api):
    # Every resource is registered through this: the project's own method
    # passes its arguments on to flask_restful's add_resource.
    def add_org_resource(self, resource, *urls, **kwargs):
        urls = [org_scoped_rule(url) for url in urls]
        return self.add_resource(resource, *urls, **kwargs)


def add_page(bp, rule, view, name=None):
    """A plain function that registers a view on the blueprint it is given."""
    bp.add_url_rule(rule, endpoint=name, view_func=view)


class AlertResource(Resource):
    def get(self, alert_id):
        return {}

    def delete(self, alert_id):
        return {}


class AlertListResource(Resource):
    def get(self):
        return []

    def post(self):
        return {}


def stats_page():
    return "stats"


class Cache:
    # Same name as the helper, unrelated: a call to it registers nothing.
    def add_org_resource(self, key, *values):
        self.key = key


api = ApiExt(app)
api.add_org_resource(AlertListResource, "/api/alerts", endpoint="alerts")
api.add_org_resource(AlertResource, "/api/alerts/<alert_id>", endpoint="alert")
add_page(admin, "/stats", stats_page, name="stats")
app.register_blueprint(admin)

cache = Cache()
cache.add_org_resource("/api/not-a-route", 1)


class MutedAlertListResource(AlertListResource):
    """Defines no HTTP method: it serves the ones it inherits."""


api.add_org_resource(MutedAlertListResource, "/api/alerts/muted", endpoint="muted")
