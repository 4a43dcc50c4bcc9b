# Test settings reuse the project's URLconf with other prefixes; they are
# not what a deployment serves.
ROOT_URLCONF = "mysite.urls"
API_PREFIX = "test-api/"
BASE_PATH = "test-portal/"
ADMIN_MOUNT = "test-admin/"
