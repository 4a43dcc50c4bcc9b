from rest_framework.viewsets import ModelViewSet
from rest_framework.views import APIView


class Tag:
    pass


class TagViewSet(ModelViewSet[Tag]):
    pass


class SearchView(APIView):
    def get(self, request):
        pass


class StatisticsView(APIView):
    def get(self, request):
        pass
