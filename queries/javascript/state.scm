; JavaScript-only forms of the state concern (TypeScript wraps parameters in
; required_parameter; classic scripts are JavaScript anyway).

; Parameters are declarations: a parameter named like a page global is not it.
(formal_parameters (identifier) @state.js_declared)
(arrow_function parameter: (identifier) @state.js_declared)
