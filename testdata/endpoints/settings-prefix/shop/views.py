from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST


def order_list(request):
    return render(request, "orders.html")


def order_detail(request, pk):
    return JsonResponse({"id": pk})


@require_POST
def order_cancel(request, pk):
    return JsonResponse({"id": pk, "cancelled": True})


def stats(request):
    return JsonResponse({})
