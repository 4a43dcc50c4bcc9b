from django.contrib.auth import get_user_model

User = get_user_model()


def active():
    return User.objects.filter(active=True)
