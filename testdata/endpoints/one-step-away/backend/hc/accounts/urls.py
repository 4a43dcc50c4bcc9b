from django.urls import path

from . import views

urlpatterns = [
    path("accounts/profile/", views.profile, name="hc-profile"),
    path("integrations/<uuid:code>/checks/", views.channel_checks, name="hc-channel-checks"),
    path("integrations/<uuid:code>/remove/", views.remove_channel, name="hc-remove-channel"),
]
