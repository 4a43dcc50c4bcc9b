from app.core.errors import Fail
from app.billing import b2, b3
from app.core import money
from app.web import routes


def run_b1():
    raise Fail()
