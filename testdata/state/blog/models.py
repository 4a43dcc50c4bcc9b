from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models


class Base(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    editor = models.ForeignKey(
        "Author", on_delete=models.CASCADE, related_name="%(class)s_edits"
    )

    class Meta:
        abstract = True


class Author(models.Model):
    name = models.CharField(max_length=100)


class Post(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey("blog.Author", on_delete=models.CASCADE, related_name="posts")
    tags = models.ManyToManyField("Tag")

    def publish(self):
        self.title = self.title.strip()
        self.save()


class Tag(models.Model):
    name = models.CharField(max_length=50)

    class Meta:
        db_table = "tags"


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE)
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="+")


class Article(Base):
    body = models.TextField()


class Reader(AbstractBaseUser, PermissionsMixin):
    # A model through Django's own abstract user (not in the tree).
    email = models.EmailField()


class Session(models.Model):
    # Shares its name with django.contrib.sessions' model.
    token = models.CharField(max_length=64)
