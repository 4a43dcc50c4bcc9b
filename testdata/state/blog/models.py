from django.db import models


class Base(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Post(models.Model):
    title = models.CharField(max_length=200)


class Tag(models.Model):
    name = models.CharField(max_length=50)

    class Meta:
        db_table = "tags"


class Article(Base):
    body = models.TextField()
