from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models


class Invoice(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    paid = models.BooleanField(default=False)


class Note(models.Model):
    author = models.ForeignKey(get_user_model(), on_delete=models.CASCADE)
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE)
