ROOT_URLCONF = "project.urls"
INSTALLED_APPS = ["django.contrib.staticfiles", "checks"]
