; Web facts (requests): the constructs `lang/ecma/web.rs` lowers to `Expr`.
; Every function form is a scope; a wrapper around fetch/axios/$.ajax is one.
(function_declaration name: (identifier) @def.name) @def.function
(generator_function_declaration name: (identifier) @def.name) @def.function
(function_expression) @def.function
(arrow_function) @def.function
(method_definition name: (_) @def.name) @def.function
(class_declaration name: (_) @def.name) @def.class
(class name: (_) @def.name) @def.class
(return_statement (_) @def.return)

; const name = value; name = value
(variable_declarator name: (identifier) @bind.name value: (_) @bind.value) @bind.stmt
(assignment_expression left: (identifier) @bind.name right: (_) @bind.value) @bind.stmt
; url += `${id}/`: appended to the value (kept with `augmented` set)
(augmented_assignment_expression left: (identifier) @bind.name operator: "+=" right: (_) @bind.value) @bind.stmt

; Every call: which ones are requests is decided once all files are known.
(call_expression) @call.expr

; import x from "a"; import * as x from "a"; import { a, b as c } from "a"
(import_statement
  (import_clause (identifier) @import.alias)
  source: (string (string_fragment) @import.source)) @import.stmt
(import_statement
  (import_clause (namespace_import (identifier) @import.alias))
  source: (string (string_fragment) @import.source)) @import.stmt
(import_statement
  (import_clause (named_imports (import_specifier name: (_) @import.name !alias)))
  source: (string (string_fragment) @import.source)) @import.stmt
(import_statement
  (import_clause (named_imports (import_specifier name: (_) @import.name alias: (_) @import.alias)))
  source: (string (string_fragment) @import.source)) @import.stmt

; export …; module.exports = …; exports.name = …; module.exports.name = …
(export_statement) @def.export
((assignment_expression
   left: (member_expression object: (identifier) @_obj)) @def.export
  (#any-of? @_obj "module" "exports"))
((assignment_expression
   left: (member_expression
     object: (member_expression object: (identifier) @_obj property: (property_identifier) @_exports))) @def.export
  (#eq? @_obj "module")
  (#eq? @_exports "exports"))

; `obj.x = v`: `this.http = inject(HttpClient)` in a method (a field of the
; method's class, as if declared in the class body); `API.prototype.send =
; function (…) {…}` and `API.prototype = {…}` (methods of the constructor
; function `API`, a class written before `class`). The lowering sorts them.
(assignment_expression
  left: (member_expression property: (property_identifier) @bind.name)
  right: (_) @bind.value) @bind.stmt
