from rest_framework import viewsets
from rest_framework.decorators import action


class ArticleViewSet(viewsets.ModelViewSet):
    lookup_field = "slug"

    @action(detail=True, methods=["post"], url_path="publish")
    def publish(self, request, slug=None):
        return {}

    @action(detail=False)
    def recent(self, request):
        return []
