; Module-level state and who touches it. Each match is one fact; the
; cross-module joining happens in src/state.rs.

; X = {...} at module level (the value's kind decides whether it is state)
(module
  (expression_statement
    (assignment left: (identifier) @state.def right: (_) @state.value)))

; global X (inside a function): the function rebinds module state
(global_statement (identifier) @state.global)

; X[k] = v, X.attr = v, m.X[k] = v, m.X.attr = v, X[k] += v
(assignment left: [(subscript) (attribute)] @state.write)
(augmented_assignment left: [(subscript) (attribute)] @state.write)

; X.append(v), m.X.update(...), ...
((call
  function: (attribute object: (_) @state.mutated attribute: (identifier) @_m))
  (#any-of? @_m "append" "extend" "update" "pop" "popitem" "setdefault" "clear" "add" "remove" "discard" "insert" "appendleft" "__setitem__" "__delitem__"))

; m.X: a read of module m's X (resolved against the imports)
(attribute object: (identifier) @state.base attribute: (identifier) @state.attr)
