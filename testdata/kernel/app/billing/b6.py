from app.core.errors import Fail
from app.billing import b1, b2
from app.web import routes


def run_b6():
    raise Fail()
