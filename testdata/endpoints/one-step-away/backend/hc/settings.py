import os

ROOT_URLCONF = "hc.urls"
SITE_ROOT = os.getenv("SITE_ROOT", "http://localhost:8000")
