from django.db import connection

from blog.models import Post, Tag


def index(request):
    posts = Post.objects.filter(title__icontains="x")
    Tag.objects.create(name="new")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tags WHERE id = %s", [1])
    return posts
