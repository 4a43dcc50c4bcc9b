import os

from mysite import local_settings


def read_mount():
    with open("/etc/site/mount") as f:
        return f.read().strip()


ROOT_URLCONF = "mysite.urls"
# The API prefix comes from the environment, with a default for the
# ordinary deployment; the portal prefix from optional local settings.
API_PREFIX = os.environ.get("API_PREFIX", "api/v2/")
BASE_PATH = getattr(local_settings, "BASE_PATH", "portal/")
# Known only at run time: the admin tree is mounted wherever this says.
ADMIN_MOUNT = read_mount()
