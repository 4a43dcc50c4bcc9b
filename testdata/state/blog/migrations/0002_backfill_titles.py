from django.db import migrations


def backfill(apps, schema_editor):
    # A historical model: the name is bound by get_model, not imported.
    Post = apps.get_model("blog", "Post")
    Post.objects.filter(title="").update(title="untitled")


class Migration(migrations.Migration):
    dependencies = [("blog", "0001_initial")]
    operations = [migrations.RunPython(backfill)]
