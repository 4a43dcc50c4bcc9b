from rest_framework.decorators import action
from rest_framework.viewsets import ModelViewSet
from rest_framework.views import APIView


class Tag:
    pass


class TagViewSet(ModelViewSet[Tag]):
    @action(methods=["post"], detail=False)
    def bulk_edit(self, request):
        pass


class SearchView(APIView):
    def get(self, request):
        pass


class StatisticsView(APIView):
    def get(self, request):
        pass
