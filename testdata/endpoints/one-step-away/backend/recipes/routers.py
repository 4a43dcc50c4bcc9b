from fastapi import APIRouter, Depends


def current_user():
    pass


class UserAPIRouter(APIRouter):
    """A router whose routes need a signed-in user."""

    def __init__(self, prefix: str = "", **kwargs):
        super().__init__(prefix=prefix, dependencies=[Depends(current_user)], **kwargs)
