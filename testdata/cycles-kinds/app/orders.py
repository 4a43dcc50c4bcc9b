from app import billing


def total(order):
    return billing.price(order)
