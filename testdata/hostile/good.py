import latin1
import invalid_utf8
import bom
import crlf
import broken
import tabs
