from alembic import op


def upgrade():
    op.execute("CREATE TABLE ledger (id integer)")
