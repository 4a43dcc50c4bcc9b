def place_order():
    pass
