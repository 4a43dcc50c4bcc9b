"""Small helpers imported from all over the code base."""
import re
from datetime import datetime, timezone

try:
    import ujson as json
except ImportError:
    import json

from shop import config


def now_utc():
    return datetime.now(timezone.utc)


def slugify(value):
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def paginate(query, page):
    page = max(int(page or 1), 1)
    return query.limit(config.PAGE_SIZE).offset((page - 1) * config.PAGE_SIZE).all()


def dumps(payload):
    return json.dumps(payload)
