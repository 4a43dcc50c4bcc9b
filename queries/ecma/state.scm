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
