from ... import beyond  # unresolved: outside root
