class SimpleModel:
    pass
