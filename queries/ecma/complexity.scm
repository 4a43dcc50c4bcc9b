; Branch points for a cyclomatic-style complexity count: each match adds one.
[
  (if_statement)
  (for_statement)
  (for_in_statement)
  (while_statement)
  (do_statement)
  (catch_clause)
  (ternary_expression)
  (switch_case)
] @complexity.branch
(binary_expression operator: ["&&" "||" "??"]) @complexity.branch
