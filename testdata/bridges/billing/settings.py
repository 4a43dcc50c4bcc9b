SECRET_KEY = "x"
INSTALLED_APPS = ["billing.accounts", "billing.invoices"]
AUTH_USER_MODEL = "accounts.Account"
