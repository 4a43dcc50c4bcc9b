from blog.models import Post


def rename(post: Post, title):
    # Django writes a changed instance only on save(): not a write.
    post.title = title
    return post


def archive(post: Post):
    post.title = "[archived] " + post.title
    post.save()


def not_a_model():
    # A save() on something that is not a model instance, and one on a name
    # bound in another function: neither is a table write.
    widget = Widget()
    widget.save()
    post.save()


class Widget:
    def save(self):
        pass
