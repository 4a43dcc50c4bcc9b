from app.core.errors import Fail
from app.billing import b6, b1
from app.web import routes


def run_b5():
    raise Fail()
