; JavaScript-only class fields: `api = axios.create(...)` in a class body.
(field_definition property: (_) @bind.name value: (_) @bind.value) @bind.stmt
