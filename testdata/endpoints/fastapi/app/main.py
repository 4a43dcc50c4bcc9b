from fastapi import FastAPI

from .routers import items, users

app = FastAPI()
app.include_router(items.router, prefix="/api")
app.include_router(users.router, prefix="/api")


@app.get("/")
def root():
    return {}
