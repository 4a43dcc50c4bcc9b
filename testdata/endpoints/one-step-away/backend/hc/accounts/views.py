from django.views.decorators.http import require_POST


def login(request):
    pass


@require_POST
def profile(request):
    pass


def spa(request, page):
    pass


def channel_checks(request, code):
    pass


@require_POST
def remove_channel(request, code):
    pass
