"""Raw SQL that travels through variables before it is executed."""
from sqlalchemy import text

ARCHIVE = "INSERT INTO invoice_archive SELECT * FROM invoices_invoice WHERE paid = 1"
PAYMENTS = "payments"


def settle(db, ids):
    q = (
        "UPDATE invoices_invoice SET paid = 1 WHERE id IN "
        "(SELECT invoice_id FROM " + PAYMENTS + " WHERE ok = 1)"
    )
    db.session.execute(text(q))


def report(cursor, since):
    query = f"WITH recent AS (SELECT * FROM ledger WHERE at > {since}) SELECT * FROM recent"
    query += " JOIN customers ON customers.id = recent.customer_id"
    cursor.execute(query, [since])


def archive(cursor):
    cursor.execute(ARCHIVE)


def announce(channel):
    # Prose that mentions tables is not SQL.
    message = "update the invoices when payments arrive"
    channel.execute(message)


def dynamic(cursor, table):
    # The table is a parameter: nothing to read, nothing invented.
    cursor.execute(f"DELETE FROM {table} WHERE id = 1")
