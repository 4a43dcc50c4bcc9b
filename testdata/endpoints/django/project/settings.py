ROOT_URLCONF = "project.urls"
