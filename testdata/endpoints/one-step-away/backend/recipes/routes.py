from fastapi import APIRouter, FastAPI

from recipes.routers import UserAPIRouter

app = FastAPI()
api = APIRouter(prefix="/api")
router = UserAPIRouter(prefix="/organizers")


@router.get("/tags/slug/{slug}")
def tag_by_slug(slug: str):
    pass


@router.get("/tags")
def all_tags():
    pass


@router.get("/units")
def all_units():
    pass


@router.post("/units/{item_id}/duplicate")
def duplicate_unit(item_id: int):
    pass


api.include_router(router)
app.include_router(api)
