from django.db import connection
from django.shortcuts import get_object_or_404

from blog.models import Author, Comment, Post, Tag


def index(request):
    posts = Post.objects.filter(title__icontains="x")
    Tag.objects.create(name="new")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tags WHERE id = %s", [1])
    return posts


def post_detail(request, pk):
    post = get_object_or_404(Post, pk=pk)
    comments = post.comment_set.all()
    tag = Tag.objects.get(name="featured")
    post.tags.add(tag)
    return comments


def author_posts(request, author_id):
    author = Author.objects.get(pk=author_id)
    return author.posts.count() + author.article_edits.count()
