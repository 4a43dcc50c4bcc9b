from app.core.errors import Fail
from app.billing import b5, b6
from app.core import money
from app.web import routes


def run_b4():
    raise Fail()
