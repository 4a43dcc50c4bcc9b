from app.core.errors import Fail
from app.orders import o1, o2
from app.web import routes


def run_o6():
    raise Fail()
