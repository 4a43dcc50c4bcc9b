from app.core.errors import Fail
from app.billing import b4, b5
from app.core import money
from app.web import routes


def run_b3():
    raise Fail()
