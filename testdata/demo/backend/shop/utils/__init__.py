"""Helpers every layer imports."""
from .helpers import now_utc, paginate, slugify

__all__ = ["now_utc", "paginate", "slugify"]
