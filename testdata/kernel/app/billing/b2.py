from app.core.errors import Fail
from app.billing import b3, b4
from app.core import money
from app.web import routes


def run_b2():
    raise Fail()
