from app.core.errors import Fail
from app.orders import o5, o6
from app.core import money
from app.web import routes


def run_o4():
    raise Fail()
