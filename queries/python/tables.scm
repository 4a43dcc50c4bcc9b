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

; class UserMessage(AbstractUserMessage): a model when a base is one (one
; match per base)
(class_definition
  name: (identifier) @table.subclass
  superclasses: (argument_list [(identifier) @table.base
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
                               (attribute attribute: (identifier)) @table.model_arg]))
  (#any-of? @_f "query" "get" "select" "delete" "get_or_404" "filter_by"
    "get_object_or_404" "get_list_or_404"))
((call
  function: (identifier) @table.constructed
  arguments: (argument_list (keyword_argument))))

; Raw SQL passed to execute / raw / text / executemany: a literal, or a
; value the lowering follows (a local or module constant, `+`, `+=`,
; f-strings, `text(q)`; see `lang/python/sql_text.rs`).
((call
  function: [(identifier) @_f (attribute attribute: (identifier) @_f)]
  arguments: (argument_list . (_) @table.sql))
  (#any-of? @_f "execute" "executemany" "raw" "text"))

; Change tracking: a variable bound in a function to a model instance, then
; saved or changed. `src/extract/state.rs` keeps the pairs in one scope.
; def f(user: UserProfile) / user: Optional[UserProfile] = None
(typed_parameter (identifier) @table.instance type: (type) @table.instance_of)
(typed_default_parameter name: (identifier) @table.instance type: (type) @table.instance_of)
(assignment left: (identifier) @table.instance type: (type) @table.instance_of)
; x = Model.objects.get(…) / Model.query.get(…) / Model(…) / get_object_or_404(Model, …)
(assignment left: (identifier) @table.instance right: (call) @table.instance_value)
; Model.objects.filter(…).update(…) / Model.query.filter_by(…).delete()
((call
  function: (attribute object: (call) @table.chained attribute: (identifier) @_w))
  (#any-of? @_w "update" "delete" "bulk_update" "bulk_create" "create" "get_or_create" "update_or_create"))
; x.save() / x.delete()
((call function: (attribute object: (identifier) @table.saved attribute: (identifier) @_m))
  (#any-of? @_m "save" "delete"))

; Relations in a model's body: Django ForeignKey / OneToOneField /
; ManyToManyField, SQLAlchemy relationship(); arguments read in Rust.
(class_definition
  name: (identifier) @table.rel_class
  body: (block
    (expression_statement
      [(assignment
         left: (identifier) @table.rel_field
         right: (call
           function: [(identifier) @table.rel_kind (attribute attribute: (identifier) @table.rel_kind)]
           arguments: (argument_list) @table.rel_args))
       (assignment
         left: (identifier) @table.rel_field
         type: (type) @table.rel_type
         right: (call
           function: [(identifier) @table.rel_kind (attribute attribute: (identifier) @table.rel_kind)]
           arguments: (argument_list) @table.rel_args))]))
  (#any-of? @table.rel_kind "ForeignKey" "OneToOneField" "ManyToManyField" "ParentalKey" "relationship"))

; SQLAlchemy Column(…, ForeignKey("orders.id")), in a model or a Table()
((call
  function: [(identifier) @_c (attribute attribute: (identifier) @_c)]
  arguments: (argument_list
    (call
      function: [(identifier) @_fk (attribute attribute: (identifier) @_fk)]
      arguments: (argument_list . (string (string_content) @table.fk_column)))))
  (#any-of? @_c "Column" "mapped_column")
  (#eq? @_fk "ForeignKey"))

; Related managers: user.message_set.filter(…), realm.streams.create(…)
((call
  function: (attribute
    object: (attribute attribute: (identifier) @table.related)
    attribute: (identifier) @table.related_method))
  (#any-of? @table.related_method
    "all" "filter" "exclude" "get" "count" "exists" "first" "last" "values"
    "values_list" "order_by" "select_related" "prefetch_related" "annotate"
    "aggregate" "iterator" "in_bulk" "only" "defer" "distinct"
    "create" "get_or_create" "update_or_create" "bulk_create" "update" "delete"
    "add" "remove" "clear" "set"))

; Model.objects.select_related("realm__owner") (literal paths only)
((call
  function: (attribute attribute: (identifier) @_sr)
  arguments: (argument_list (string (string_content) @table.select_related))) @table.select_call
  (#any-of? @_sr "select_related" "prefetch_related"))
