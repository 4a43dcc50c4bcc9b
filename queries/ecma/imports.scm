; import x from "a"; import * as x from "a"; import "a"; import type { T } from "a"
(import_statement source: (string (string_fragment) @import.source)) @import.stmt
(import_statement
  (import_clause (named_imports (import_specifier name: (_) @import.name)))
  source: (string (string_fragment) @import.source)) @import.stmt

; export { a } from "b"; export * from "b"; export * as ns from "b"
((export_statement source: (string (string_fragment) @import.source))
  (#set! kind "reexport")) @import.stmt

; require("x")
((call_expression
  function: (identifier) @_fn
  arguments: (arguments . (string (string_fragment) @import.source)))
  (#eq? @_fn "require")
  (#set! kind "require")) @import.stmt

; import("x")
((call_expression
  function: (import)
  arguments: (arguments . (string (string_fragment) @import.source)))
  (#set! kind "dynamic")) @import.stmt
