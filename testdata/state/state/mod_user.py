from state import registry


def register(name, value):
    registry.REGISTRY.update({name: value})
