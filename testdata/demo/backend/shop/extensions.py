"""Process-wide singletons every layer reaches into: the coupling to untie first."""
from flask_sqlalchemy import SQLAlchemy
from redis import Redis

from . import config

db = SQLAlchemy()
redis_client = Redis.from_url(config.REDIS_URL)
cache = {}
