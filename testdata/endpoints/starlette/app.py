from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.routing import Mount, Route


async def homepage(request):
    return None


async def user(request):
    return None


async def save_user(request):
    return None


class Avatar(HTTPEndpoint):
    async def get(self, request):
        return None

    async def put(self, request):
        return None


user_routes = [
    Route("/{username}", user),
    Route("/{username}", save_user, methods=["POST"]),
    Route("/{username}/avatar", Avatar),
]

routes = [
    Route("/", homepage, name="home"),
    Mount("/users", routes=user_routes),
]

app = Starlette(routes=routes)
