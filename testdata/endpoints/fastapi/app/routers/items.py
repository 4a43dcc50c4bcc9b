from fastapi import APIRouter

router = APIRouter(prefix="/items", tags=["items"])


@router.get("/")
def list_items():
    return []


@router.get("/{item_id}")
def read_item(item_id: int):
    return {}


@router.api_route("/{item_id}", methods=["PUT", "PATCH"])
def write_item(item_id: int):
    return {}


@router.get("/files/{file_path:path}")
def read_file(file_path: str):
    return ""
