# A package named after a keyword (django's tests/async/): it cannot be
# imported absolutely, but relative imports inside it work. ruff's import graph
# drops these edges; seam keeps them.
from .models import SimpleModel  # → kw/async/models.py
