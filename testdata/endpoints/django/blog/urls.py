from django.urls import path

from . import views

app_name = "blog"
urlpatterns = [
    path("posts/<int:pk>/", views.PostDetail.as_view(), name="post"),
    path("posts/new/", views.PostCreate.as_view(), name="post_new"),
    path("comments/", views.comments, name="comments"),
]
