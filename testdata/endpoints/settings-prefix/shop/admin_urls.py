from django.urls import path

from shop import views

urlpatterns = [
    path("stats/", views.stats, name="stats"),
]
