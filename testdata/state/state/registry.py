REGISTRY = {}
MAX = 10
LIMITS = load()
counter = 0


def load():
    return {"a": 1}


def bump():
    global counter
    counter += 1
    return counter


def lookup(key):
    # The owner's own read of its global.
    return REGISTRY.get(key)


def describe(REGISTRY):
    # A parameter named like the global, a local and a string: none is a read.
    label = "REGISTRY"
    return REGISTRY, label


def rebuild():
    REGISTRY = {}
    return REGISTRY
