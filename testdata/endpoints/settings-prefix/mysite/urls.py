from django.conf import settings
from django.urls import include, path

from shop.registry import get_urls

urlpatterns = [
    path(settings.API_PREFIX, include("shop.api_urls")),
    path(settings.BASE_PATH, include("shop.urls")),
    path(settings.ADMIN_MOUNT, include("shop.admin_urls")),
    path("extra/", include(get_urls())),
]
