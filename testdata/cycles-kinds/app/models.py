from app.cache import cached


class Message:
    key = cached
