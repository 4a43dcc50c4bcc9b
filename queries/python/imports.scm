; import a.b / import a.b as c
(import_statement name: (dotted_name) @import.source) @import.stmt
(import_statement name: (aliased_import name: (dotted_name) @import.source)) @import.stmt

; from a.b import c, d / from . import x / from ..pkg import y as z
(import_from_statement
  module_name: (_) @import.source
  name: (dotted_name) @import.name) @import.stmt
(import_from_statement
  module_name: (_) @import.source
  name: (aliased_import name: (dotted_name) @import.name)) @import.stmt
; from a import *
(import_from_statement
  module_name: (_) @import.source
  (wildcard_import)) @import.stmt

; __import__("x")
((call
  function: (identifier) @_fn
  arguments: (argument_list . (string (string_content) @import.source) .))
  (#eq? @_fn "__import__")
  (#set! kind "dynamic")) @import.stmt

; importlib.import_module("x") and import_module("x")
((call
  function: (attribute object: (identifier) @_obj attribute: (identifier) @_fn)
  arguments: (argument_list . (string (string_content) @import.source)))
  (#eq? @_obj "importlib")
  (#eq? @_fn "import_module")
  (#set! kind "dynamic")) @import.stmt
((call
  function: (identifier) @_fn
  arguments: (argument_list . (string (string_content) @import.source)))
  (#eq? @_fn "import_module")
  (#set! kind "dynamic")) @import.stmt
