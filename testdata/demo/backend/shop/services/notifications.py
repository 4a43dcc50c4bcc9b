"""A tiny in-process event bus. Its registries are module-level and mutated
from other modules: shared state that would have to become a message queue."""
import logging

log = logging.getLogger(__name__)

HANDLERS = []
_listeners = {}
_sent_count = 0


def on(event, handler):
    _listeners.setdefault(event, []).append(handler)


def emit(event, **payload):
    global _sent_count
    _sent_count += 1
    for handler in HANDLERS + _listeners.get(event, []):
        try:
            handler(event, payload)
        except Exception:  # a listener must never break checkout
            log.exception("listener failed for %s", event)
