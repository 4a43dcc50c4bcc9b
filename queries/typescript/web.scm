; TypeScript class fields: `private http = inject(HttpClient)`.
(public_field_definition name: (_) @bind.name value: (_) @bind.value) @bind.stmt
; `export abstract class AbstractService { … }`: a class like any other (its
; methods are the wrappers its subclasses inherit).
(abstract_class_declaration name: (_) @def.name) @def.class
