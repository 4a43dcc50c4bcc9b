from django.http import JsonResponse
from django.shortcuts import render
from django.views import View


def index(request):
    return render(request, "checks/index.html", {"checks": []})


def status(request):
    return JsonResponse({"up": True})


def details(request, code):
    ctx = {"check": {"code": code}}
    return render(request, "checks/details.html", ctx)


def ping_details(request, code, n):
    return render(request, "checks/ping_details.html", {"n": n})


class Badges(View):
    template_name = "checks/badges.html"

    def get(self, request, code):
        return render(request, self.template_name, {})

    def post(self, request, code):
        return render(request, "checks/badges_preview.html", {})
