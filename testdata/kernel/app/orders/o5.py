from app.core.errors import Fail
from app.orders import o6, o1
from app.core import money
from app.web import routes


def run_o5():
    raise Fail()
