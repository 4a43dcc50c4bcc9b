from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/hooks/ping")
async def ping(request):
    return web.Response(text="pong")
