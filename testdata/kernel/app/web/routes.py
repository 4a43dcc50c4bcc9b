"""Route handlers: imported by many, still a service's API, never kernel."""
from flask import Flask

from app.core.errors import Fail

app = Flask(__name__)


@app.route("/orders")
def orders():
    raise Fail()


@app.route("/invoices")
def invoices():
    return []
