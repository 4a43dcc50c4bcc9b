from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("status/", views.status, name="status"),
    path("checks/<uuid:code>/", views.details, name="details"),
    path("checks/<uuid:code>/pings/<int:n>/", views.ping_details, name="ping-details"),
    path("checks/<uuid:code>/badges/", views.Badges.as_view(), name="badges"),
]
