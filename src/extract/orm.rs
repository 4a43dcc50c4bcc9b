//! Reading ORM declarations a query match points at: a relation's
//! arguments (`ForeignKey(Realm, related_name="users")`,
//! `relationship("Order", back_populates="user")`), the model class an
//! expression yields (`Model.objects.get(…)`, `Model(…)`,
//! `get_object_or_404(Model, …)`), and the model a type annotation names.
//! Walks down from the matched node only (child fields), never up.

use compact_str::CompactString;
use tree_sitter::Node;

use super::imports::node_text;
use super::state::{Relation, USER_MODEL};

/// How far down a call chain (`a.b(…).c(…)…`) we look for its root.
const MAX_CHAIN: usize = 64;

fn line(node: Node) -> u32 {
    node.start_position().row as u32 + 1
}

fn is_class_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// `get_user_model()`, `auth.get_user_model()`.
fn is_get_user_model(call: Node, source: &[u8]) -> bool {
    call.kind() == "call"
        && call.child_by_field_name("function").is_some_and(|f| {
            let name = match f.kind() {
                "attribute" => f.child_by_field_name("attribute"),
                _ => Some(f),
            };
            name.is_some_and(|n| node_text(n, source) == "get_user_model")
        })
}

/// A model named by an argument: `Realm`, `models.Realm`, `"Realm"`,
/// `"zerver.Realm"`, `"self"`, the user model (`settings.AUTH_USER_MODEL`,
/// `get_user_model()`).
fn model_arg(node: Node, source: &[u8]) -> Option<String> {
    if is_get_user_model(node, source) || node_text(node, source).ends_with(".AUTH_USER_MODEL") {
        return Some(USER_MODEL.to_string());
    }
    let text = match node.kind() {
        "identifier" | "attribute" => node_text(node, source),
        "string" => {
            let content = node
                .named_child(1)
                .filter(|c| c.kind() == "string_content")?;
            node_text(content, source)
        }
        _ => return None,
    };
    let last = text.rsplit('.').next().unwrap_or(&text).to_string();
    // `settings.AUTH_USER_MODEL` names a setting, not a class.
    let setting = last.chars().all(|c| c.is_ascii_uppercase() || c == '_');
    (last == "self" || (is_class_name(&last) && !setting)).then_some(last)
}

fn string_value(node: Node, source: &[u8]) -> Option<String> {
    (node.kind() == "string")
        .then(|| node.named_child(1))
        .flatten()
        .filter(|c| c.kind() == "string_content")
        .map(|c| node_text(c, source))
}

/// A relation field: `kind` is the called name (`ForeignKey`, `relationship`…).
pub fn relation(
    class: &str,
    field: &str,
    kind: &str,
    args: Node,
    annotation: Option<String>,
    source: &[u8],
) -> Option<Relation> {
    let mut target = None;
    let (mut related_name, mut through, mut db_table) = (None, None, None);
    let mut cursor = args.walk();
    for arg in args.named_children(&mut cursor) {
        if arg.kind() == "keyword_argument" {
            let (Some(name), Some(value)) = (
                arg.child_by_field_name("name"),
                arg.child_by_field_name("value"),
            ) else {
                continue;
            };
            match node_text(name, source).as_str() {
                "to" | "argument" => target = target.or_else(|| model_arg(value, source)),
                "related_name" | "back_populates" | "backref" => {
                    related_name = string_value(value, source);
                }
                "through" => through = model_arg(value, source),
                "secondary" => through = string_value(value, source),
                "db_table" => db_table = string_value(value, source),
                _ => {}
            }
        } else if target.is_none() {
            target = model_arg(arg, source);
        }
    }
    // `orders: Mapped[List["Order"]] = relationship(back_populates="user")`
    let target = target.or_else(|| annotation.as_deref().and_then(annotated_model))?;
    let target = if target == "self" {
        class.to_string()
    } else {
        target
    };
    let kind = match kind {
        "ForeignKey" | "ParentalKey" => "foreign_key",
        "OneToOneField" => "one_to_one",
        "ManyToManyField" => "many_to_many",
        _ => "relationship",
    };
    Some(Relation {
        class: class.into(),
        table: CompactString::default(),
        field: field.into(),
        kind: kind.into(),
        target: target.into(),
        related_name: related_name.map(Into::into),
        through: through.map(Into::into),
        db_table: db_table.map(Into::into),
        line: line(args),
    })
}

/// The model a type annotation names: `UserProfile`, `"UserProfile"`,
/// `Optional[UserProfile]`, `UserProfile | None`, `Mapped[List["Order"]]`.
/// Collections of other kinds (`QuerySet[X]`, `dict[…]`) name none.
pub fn annotated_model(text: &str) -> Option<String> {
    let mut t = text.trim().trim_matches(['"', '\'']).trim();
    for wrapper in ["Mapped[", "Optional[", "List[", "list[", "Set[", "set["] {
        if let Some(inner) = t.strip_prefix(wrapper).and_then(|r| r.strip_suffix(']')) {
            t = inner.trim().trim_matches(['"', '\'']).trim();
        }
    }
    let parts: Vec<&str> = t
        .split('|')
        .map(|p| p.trim().trim_matches(['"', '\'']))
        .filter(|p| *p != "None")
        .collect();
    let [one] = parts.as_slice() else {
        return None;
    };
    let last = one.rsplit('.').next().unwrap_or(one);
    is_class_name(last).then(|| last.to_string())
}

/// The identifier at the root of a call chain: `Model` in
/// `Model.objects.filter(…).first()`.
pub fn chain_root(node: Node) -> Option<Node> {
    let mut at = node;
    for _ in 0..MAX_CHAIN {
        at = match at.kind() {
            "identifier" => return Some(at),
            "call" => at.child_by_field_name("function")?,
            "attribute" => at.child_by_field_name("object")?,
            _ => return None,
        };
    }
    None
}

/// The model class at the root of `Model.objects….select_related(…)`.
pub fn model_at_root(call: Node, source: &[u8]) -> Option<String> {
    let root = chain_root(call)?;
    let name = node_text(root, source);
    let next = &source[root.end_byte()..];
    (is_class_name(&name) && (next.starts_with(b".objects") || next.starts_with(b".query")))
        .then_some(name)
}

/// The model `apps.get_model("zerver", "Realm")` or
/// `apps.get_model("zerver.Realm")` names (a migration's historical model),
/// or `get_user_model()` ([`USER_MODEL`]).
pub fn get_model(call: Node, source: &[u8]) -> Option<String> {
    if is_get_user_model(call, source) {
        return Some(USER_MODEL.to_string());
    }
    let function = call.child_by_field_name("function")?;
    if function.kind() != "attribute"
        || function
            .child_by_field_name("attribute")
            .is_none_or(|a| node_text(a, source) != "get_model")
    {
        return None;
    }
    let args = call.child_by_field_name("arguments")?;
    let mut cursor = args.walk();
    let strings: Vec<String> = args
        .named_children(&mut cursor)
        .filter_map(|a| string_value(a, source))
        .collect();
    let model = match strings.as_slice() {
        [_, model] => model.clone(),
        [dotted] => dotted.rsplit('.').next()?.to_string(),
        _ => return None,
    };
    is_class_name(&model).then_some(model)
}

/// The model an assigned call yields: `Model(…)`, `Model.objects.get(…)`,
/// `Model.query.filter_by(…).first()`, `get_object_or_404(Model, …)`,
/// `session.get(Model, id)`.
pub fn instance_model(call: Node, source: &[u8]) -> Option<String> {
    let function = call.child_by_field_name("function")?;
    let callee = node_text(function, source);
    let last = callee.rsplit('.').next().unwrap_or(&callee);
    let first_arg = || {
        let args = call.child_by_field_name("arguments")?;
        let first = args.named_child(0)?;
        model_arg(first, source).filter(|m| m != "self")
    };
    if matches!(last, "get_object_or_404" | "get_or_404")
        || (last == "get" && callee.ends_with("session.get"))
    {
        return first_arg();
    }
    if function.kind() == "identifier" {
        return is_class_name(&callee).then_some(callee);
    }
    // Querysets and lists are not instances; `get`, `first`, `create`… are.
    let single = matches!(
        last,
        "get"
            | "first"
            | "last"
            | "create"
            | "get_or_404"
            | "first_or_404"
            | "one"
            | "one_or_none"
            | "earliest"
            | "latest"
    );
    if !single {
        return None;
    }
    model_at_root(call, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_name_a_model_or_none() {
        assert_eq!(
            annotated_model("UserProfile").as_deref(),
            Some("UserProfile")
        );
        assert_eq!(
            annotated_model("\"UserProfile\"").as_deref(),
            Some("UserProfile")
        );
        assert_eq!(annotated_model("Optional[Realm]").as_deref(), Some("Realm"));
        assert_eq!(annotated_model("Realm | None").as_deref(), Some("Realm"));
        assert_eq!(
            annotated_model("Mapped[List[\"Order\"]]").as_deref(),
            Some("Order")
        );
        assert_eq!(annotated_model("models.Realm").as_deref(), Some("Realm"));
        assert_eq!(annotated_model("QuerySet[Realm]"), None);
        assert_eq!(annotated_model("dict[str, int]"), None);
        assert_eq!(annotated_model("int"), None);
        assert_eq!(annotated_model("Realm | Stream"), None);
    }
}
