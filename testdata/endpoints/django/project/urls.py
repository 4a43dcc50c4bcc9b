from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from api.views import ArticleViewSet
from blog import views as blog_views
from project.rest import rest_path

router = DefaultRouter()
router.register(r"articles", ArticleViewSet, basename="article")

urlpatterns = [
    path("", blog_views.index, name="index"),
    path("blog/", include("blog.urls")),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", blog_views.archive, name="archive"),
    path("api/", include(router.urls)),
]
urlpatterns += [path("health/", blog_views.health)]

legacy_patterns = [path("legacy/", blog_views.index, name="legacy")]
urlpatterns += list(legacy_patterns)

# A view paired with its options, as zulip writes them.
urlpatterns += [
    rest_path(
        "api/v1/comments/<int:pk>",
        GET=(blog_views.comment_detail, {"allow_anonymous_user_web"}),
        DELETE=blog_views.comment_delete,
    ),
]
