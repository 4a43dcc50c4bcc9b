"""Shop: a small Flask monolith that serves both the JSON API and the pages."""

__version__ = "2.3.1"
