; Browser globals: window.X / globalThis.X / self.X written and read.
((assignment_expression
  left: (member_expression object: (identifier) @_w property: (property_identifier) @state.window_write))
  (#any-of? @_w "window" "globalThis"))
((assignment_expression
  left: (member_expression
    object: (member_expression object: (identifier) @_w property: (property_identifier) @state.window_write)))
  (#any-of? @_w "window" "globalThis"))
((augmented_assignment_expression
  left: (member_expression
    object: (member_expression object: (identifier) @_w property: (property_identifier) @state.window_write)))
  (#any-of? @_w "window" "globalThis"))
((member_expression object: (identifier) @_w property: (property_identifier) @state.window_read)
  (#any-of? @_w "window" "globalThis"))

; Top-level declarations: module state; in a classic (non-module) script,
; globals of the page that every other script shares.
(program (variable_declaration (variable_declarator name: (identifier) @state.def value: (_) @state.value)))
(program (lexical_declaration (variable_declarator name: (identifier) @state.def value: (_) @state.value)))
(program (export_statement declaration: (variable_declaration (variable_declarator name: (identifier) @state.def value: (_) @state.value))))
(program (export_statement declaration: (lexical_declaration (variable_declarator name: (identifier) @state.def value: (_) @state.value))))

; X = v, X += v: a rebinding (an implicit global when the script declares no X)
(assignment_expression left: (identifier) @state.js_assign)
(augmented_assignment_expression left: (identifier) @state.js_assign)

; X.a = v, X[k] = v, X.n += 1, X.push(v): writes through the object
(assignment_expression left: [(member_expression) (subscript_expression)] @state.write)
(augmented_assignment_expression left: [(member_expression) (subscript_expression)] @state.write)
((call_expression
  function: (member_expression object: (_) @state.mutated property: (property_identifier) @_m))
  (#any-of? @_m "push" "pop" "shift" "unshift" "splice" "sort" "reverse" "fill" "set" "delete" "clear" "add"))

; Every name a script declares (a local named like a page global is not it)
(variable_declarator name: (identifier) @state.js_declared)
(function_declaration name: (identifier) @state.js_declared)
(catch_clause parameter: (identifier) @state.js_declared)
