from .text import slugify  # → app/utils/text.py

__all__ = ["slugify"]
