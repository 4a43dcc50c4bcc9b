from lib_a import util  # → srcpkg/src/lib_a/util.py (src/ layout root)
from . import util as again  # → srcpkg/src/lib_a/util.py
