"""A path helper like zulip's rest_path: per-method views as keywords."""
from django.urls import path


def rest_dispatch(request, **kwargs):
    return None


def rest_path(route, **handlers):
    return path(route, rest_dispatch, handlers)
