from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.models import Message


def cached(message: "Message"):
    # And again where it is used: neither import runs when cache loads.
    from app.models import Message

    return Message
