from django.contrib.sessions.models import Session


def active_sessions():
    # Django's own Session (not in the tree), not blog.models.Session.
    return Session.objects.all()
