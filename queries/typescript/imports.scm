; import x = require("y")
((import_require_clause source: (string (string_fragment) @import.source))
  (#set! kind "require")) @import.stmt
