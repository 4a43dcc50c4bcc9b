# The project's migrations folder (no __init__.py) is named like the
# installed package it uses: `alembic` here is the installed one.
from alembic import context, op

config = context.config
