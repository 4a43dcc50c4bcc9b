; Branch points for a cyclomatic-style complexity count: each match adds one.
[
  (if_statement)
  (elif_clause)
  (for_statement)
  (while_statement)
  (except_clause)
  (conditional_expression)
  (boolean_operator)
  (for_in_clause)
  (case_clause)
] @complexity.branch
