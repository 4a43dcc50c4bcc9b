"""Imported by 9 modules: one short of the kernel's 10."""


def cents(x):
    return int(x * 100)
