from state.registry import REGISTRY

REGISTRY["a"] = 1
