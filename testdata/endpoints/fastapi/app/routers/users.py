from fastapi import APIRouter

router = APIRouter()
me = APIRouter(prefix="/me")


@router.post("/users")
async def create_user():
    return {}


@me.get("/settings")
async def my_settings():
    return {}


router.include_router(me, prefix="/users")
