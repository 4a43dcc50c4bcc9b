; TypeScript class fields: `private http = inject(HttpClient)`.
(public_field_definition name: (_) @bind.name value: (_) @bind.value) @bind.stmt
