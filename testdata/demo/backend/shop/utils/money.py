"""Money as integer cents, printed in the shop's currency."""
from shop.config import CURRENCY


class Money:
    def __init__(self, cents):
        self.cents = int(cents)

    def __add__(self, other):
        return Money(self.cents + other.cents)

    def __str__(self):
        return f"{self.cents / 100:.2f} {CURRENCY}"
