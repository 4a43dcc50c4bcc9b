from app.core.errors import Fail
from app.orders import o4, o5
from app.core import money
from app.web import routes


def run_o3():
    raise Fail()
