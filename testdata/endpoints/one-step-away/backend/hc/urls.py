from urllib.parse import urlparse

from django.conf import settings
from django.urls import include, path

from hc.accounts import views as accounts_views

prefix = ""
if _path := urlparse(settings.SITE_ROOT).path.lstrip("/"):
    prefix = f"{_path}/"

urlpatterns = [
    path(f"{prefix}admin/login/", accounts_views.login, name="hc-login"),
    path(prefix, include("hc.accounts.urls")),
    path(prefix, include("docs.urls")),
    path("<path:page>", accounts_views.spa),
]
