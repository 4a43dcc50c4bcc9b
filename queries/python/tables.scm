; Database tables: models, Table() definitions, queries and raw SQL.

; class Order(db.Model): __tablename__ = "orders"   (SQLAlchemy)
(class_definition
  name: (identifier) @table.class
  body: (block
    (expression_statement
      (assignment left: (identifier) @_t right: (string (string_content) @table.name))))
  (#eq? @_t "__tablename__"))

; class Order(models.Model): (Django; Meta.db_table read separately)
(class_definition
  name: (identifier) @table.django
  superclasses: (argument_list
    (attribute object: (identifier) @_o attribute: (identifier) @_b))
  (#eq? @_o "models")
  (#eq? @_b "Model"))

; class UserMessage(AbstractUserMessage): a model when its base is one
(class_definition
  name: (identifier) @table.subclass
  superclasses: (argument_list . [(identifier) @table.base
                                  (attribute attribute: (identifier) @table.base)]))

; class Meta: db_table = "x" / abstract = True / proxy = True
(class_definition
  name: (identifier) @_meta
  body: (block
    (expression_statement
      (assignment left: (identifier) @table.meta_key right: (_) @table.meta_value)))
  (#eq? @_meta "Meta"))

; Table("order_tags", ...)
((call
  function: [(identifier) @_f (attribute attribute: (identifier) @_f)]
  arguments: (argument_list . (string (string_content) @table.name)))
  (#eq? @_f "Table")) @table.table_call

; Model.query / Model.objects (a read; the method decides writes)
((attribute object: (identifier) @table.model attribute: (identifier) @table.manager)
  (#any-of? @table.manager "query" "objects"))
((call
  function: (attribute
    object: (attribute object: (identifier) @table.model attribute: (identifier) @_o)
    attribute: (identifier) @table.method))
  (#eq? @_o "objects"))

; session.query(Model), db.session.get(Model, id), select(Model), session.add(Model(...))
((call
  function: [(identifier) @_f (attribute attribute: (identifier) @_f)]
  arguments: (argument_list . [(identifier) @table.model_arg
                               (attribute attribute: (identifier) @table.model_arg)]))
  (#any-of? @_f "query" "get" "select" "delete" "get_or_404" "filter_by"))
((call
  function: (identifier) @table.constructed
  arguments: (argument_list (keyword_argument))))

; Raw SQL passed to execute / raw / text / executemany
((call
  function: [(identifier) @_f (attribute attribute: (identifier) @_f)]
  arguments: (argument_list . [(string (string_content) @table.sql)
                               (call arguments: (argument_list . (string (string_content) @table.sql)))]))
  (#any-of? @_f "execute" "executemany" "raw" "text"))
