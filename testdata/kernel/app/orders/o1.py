from app.core.errors import Fail
from app.orders import o2, o3
from app.core import money
from app.web import routes


def run_o1():
    raise Fail()
