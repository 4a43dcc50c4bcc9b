from blog.models import Comment


def recent_comments():
    return Comment.objects.select_related("post__author")[:10]
