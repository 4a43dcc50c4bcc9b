from app.core.errors import Fail
from app.orders import o3, o4
from app.core import money
from app.web import routes


def run_o2():
    raise Fail()
