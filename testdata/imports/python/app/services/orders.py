"""One of every import form; each line names the edge it must produce."""
import os.path  # → ext:python:os
import app.models  # → app/models.py
import app.utils.text as t  # → app/utils/text.py
from app.utils import text, slugify  # → app/utils/text.py and app/utils/__init__.py
from . import billing  # → app/services/billing.py
from ..models import Order  # → app/models.py
from .billing import (
    charge,
    refund,
)  # → app/services/billing.py
from app import fast  # → app/fast.py (not the .pyi stub)
from ns import plugin  # → ns/plugin.py (namespace package)
from typing import TYPE_CHECKING  # → ext:python:typing

import requests  # → ext:python:requests

if TYPE_CHECKING:
    from app.services.billing import refund as _r  # type-only → app/services/billing.py

try:
    import ujson as json  # conditional → ext:python:ujson
except ImportError:
    import json  # conditional → ext:python:json

from app.missing import nothing  # unresolved: not found


def place(order):
    from app.utils.text import slugify as s  # lazy → app/utils/text.py

    mod = __import__("app.models")  # dynamic → app/models.py
    import importlib

    billing_mod = importlib.import_module("app.services.billing")  # dynamic
    return s(order), mod, billing_mod, requests, json, os, t, text, charge, refund
