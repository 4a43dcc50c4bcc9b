from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import CreateView


def index(request):
    return {"first": reverse("blog:post", args=[1])}


def archive(request, year):
    return redirect("index")


@require_POST
def health(request):
    return "ok"


class PostDetail(View):
    def get(self, request, pk):
        return {}

    def delete(self, request, pk):
        return {}


class PostCreate(CreateView):
    fields = ["title"]


@require_http_methods(["GET", "POST"])
def comments(request):
    return []


def comment_detail(request, pk):
    return None


def comment_delete(request, pk):
    return None
