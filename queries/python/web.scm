; Web facts (routes): the constructs `lang/python/web.rs` lowers to `Expr`.
; Functions, lambdas and classes are scopes; their decorators come with them.
(function_definition name: (identifier) @def.name) @def.function
(lambda) @def.function
(class_definition name: (identifier) @def.name) @def.class
(return_statement (_) @def.return)

; name = value / name += value (urlpatterns, blueprints, routers, constants)
(assignment left: (identifier) @bind.name right: (_) @bind.value) @bind.stmt
(augmented_assignment left: (identifier) @bind.name right: (_) @bind.value) @bind.stmt

; Calls that register routes, mount routers, or name a route to link to.
((call
   function: [(identifier) @_fn (attribute attribute: (identifier) @_fn)]) @call.expr
  (#any-of? @_fn
    "register_blueprint" "include_router" "add_url_rule" "add_resource"
    "add_namespace" "register" "add_api_route" "add_route" "mount"
    "url_for" "reverse" "reverse_lazy" "redirect"))

; Calls given an API path (`api.add_org_resource(View, "/api/x")`): a
; project helper may forward it to a registration (`endpoints::routers`).
((call
   arguments: (argument_list (string (string_content) @_path))) @call.expr
  (#match? @_path "^/"))

; Local names of imports (aliases included).
(import_statement name: (dotted_name) @import.source) @import.stmt
(import_statement
  name: (aliased_import name: (dotted_name) @import.source alias: (identifier) @import.alias)) @import.stmt
(import_from_statement
  module_name: (_) @import.source
  name: (dotted_name) @import.name) @import.stmt
(import_from_statement
  module_name: (_) @import.source
  name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias)) @import.stmt
