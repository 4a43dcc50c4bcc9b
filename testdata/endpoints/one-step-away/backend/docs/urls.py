from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from docs.views import SearchView, StatisticsView, TagViewSet

api_router = DefaultRouter()
api_router.register(r"tags", TagViewSet)

urlpatterns = [
    re_path(
        r"^api/",
        include(
            [
                # search first: a comment opens the list
                re_path(r"^search/$", SearchView.as_view(), name="search"),
                re_path(
                    r"^stats/",
                    include([re_path(r"^$", StatisticsView.as_view(), name="stats")]),
                ),
                *api_router.urls,
            ],
        ),
    ),
]
