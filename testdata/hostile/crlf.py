"""CRLF file."""
import re
PATTERN = re.compile("a")
