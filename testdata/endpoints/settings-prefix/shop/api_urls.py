from django.urls import path

from shop import views

urlpatterns = [
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    path("orders/<int:pk>/cancel/", views.order_cancel, name="order-cancel"),
]
