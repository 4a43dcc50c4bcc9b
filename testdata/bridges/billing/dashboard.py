import billing.counters as counters
from billing.counters import LIMIT, hits


def summary():
    # `hits` is the value at import time: `record()` rebinds the module's.
    return {"hits": hits, "limit": LIMIT, "error": counters.last_error}
