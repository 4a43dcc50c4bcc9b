//! The whole tree's web facts with their names resolved across files, and a
//! small evaluator over [`Expr`]: what a name is bound to (a constant, a
//! function, a class, a blueprint, another module, an HTTP client), what a
//! string concatenation comes to, and what a parameter would be at a call.
//!
//! Values stay symbolic where they depend on the parameters of the function
//! being summarised ([`Val::Param`], [`Val::Get`]); [`Program::subst`] puts a
//! call's arguments in. Evaluation never recurses deeper than [`MAX_DEPTH`],
//! so cyclic bindings (`a = b; b = a`) and import cycles end.

use compact_str::CompactString;
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};

use crate::extract::FileFacts;
use crate::facts::web::{Binding, Class, Expr, Function, ImportBinding, WebFacts};
use crate::resolve::{Resolution, Target};

use super::clients;
use super::table::{ByName, Targets};
pub use super::value::{Part, Val, get, hint, push_text};

pub const MAX_DEPTH: u32 = 24;
/// Evaluation steps one outermost [`Program::eval`] may take. A value a
/// cut-off shaped is not memoised, so helpers calling each other in a cycle
/// (a markdown renderer) can still make evaluation exponential in
/// [`MAX_DEPTH`]; a URL takes a few hundred steps at most (412 on the
/// corpora).
const FUEL: u32 = 20_000;
/// A class hierarchy deeper than this is not followed further.
const MAX_ANCESTORS: usize = 16;
/// A function with more returns than this is no URL builder.
const MAX_RETURNS: usize = 4;

pub type FileIx = usize;

/// Where an expression is evaluated: a file and the function it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ctx {
    pub file: FileIx,
    pub scope: Option<u32>,
}

/// One file's names, borrowing their text from its facts. Every file's are
/// built at once and kept while endpoints are found, so they are kept
/// small: sorted lists of indices ([`ByName`]) rather than maps with their
/// own copies of the names (on a million-line tree those took 52 MB).
struct Names<'a> {
    bindings: &'a [Binding],
    /// Indices into `bindings`, sorted by (scope, name) and in source order
    /// within each: a module's or a function's bindings of a name are one
    /// run of it.
    by_name: Vec<u32>,
    /// Top-level named functions.
    functions: ByName<'a, Function>,
    classes: ByName<'a, Class>,
    /// Per function, the functions and classes declared directly in it
    /// (`function load(url) {…}` inside `$(function () {…})`, the
    /// constructor of a module-pattern class).
    nested: BTreeMap<(u32, &'a str), Val>,
    imports: ByName<'a, ImportBinding>,
    /// Some import binds a dotted name (`import a.b`): only then is a member
    /// expression's dotted text worth building.
    dotted_imports: bool,
    exports: ByName<'a, (CompactString, CompactString)>,
    /// Functions handed to a jQuery collection (`$(".rw tr").click(fn)`,
    /// `$(t).on("click", "tr.ok", fn)`, `.each(fn)`): the selector of the
    /// elements `this` (or the element parameter) stands for.
    selectors: BTreeMap<u32, &'a str>,
}

impl Names<'_> {
    /// The bindings of `name` in a function (`None`: at module level), in
    /// source order; empty when it binds none.
    fn bindings_of(&self, scope: Option<u32>, name: &str) -> &[u32] {
        let key = |&i: &u32| {
            let b = &self.bindings[i as usize];
            (b.scope, b.name.as_str())
        };
        let start = self.by_name.partition_point(|i| key(i) < (scope, name));
        let len = self.by_name[start..].partition_point(|i| key(i) == (scope, name));
        &self.by_name[start..start + len]
    }
}

pub struct Program<'a> {
    pub files: Vec<&'a FileFacts>,
    /// Each file's name tables, built when evaluation first looks into the
    /// file (see [`Program::names`]).
    names: Vec<OnceCell<Box<Names<'a>>>>,
    by_path: BTreeMap<&'a str, FileIx>,
    /// (importer, specifier) → files it resolved to.
    targets: Targets<'a>,
    /// Dotted Python module name → file.
    py_modules: BTreeMap<&'a str, FileIx>,
    py_names: Vec<Option<&'a str>>,
    /// The instance `this`/`self` stands for while a method runs on a
    /// receiver of a subclass: a base class's method reads the subclass's
    /// fields (`this.resourceName` set by `DocumentService`).
    receivers: RefCell<Vec<(FileIx, u32)>>,
    /// Bindings whose value is being evaluated: in `path =
    /// path.replace(…)` the `path` on the right is the binding before.
    evaluating: RefCell<Vec<(FileIx, u32)>>,
    /// The settings module `django.conf.settings` stands for.
    django_settings: Option<FileIx>,
    /// Top-level functions of classic scripts, by name (see [`Program::new`]).
    page_functions: BTreeMap<&'a str, (FileIx, u32)>,
    /// The pages and their attributes, once the routes are known.
    pub dom: OnceCell<super::dom::Dom<'a>>,
    /// Steps left to the outermost [`Program::eval`] under way, and how
    /// many evaluations are nested in it (see [`FUEL`]).
    fuel: Cell<u32>,
    nesting: Cell<u32>,
    /// Values already worked out, by what was evaluated and the receiver
    /// `this` stood for. Only a value no cut-off shaped (see `cuts`) is
    /// kept: a module constant read from a hundred call sites, or a helper
    /// every renderer method calls, is evaluated once.
    memo: RefCell<HashMap<(Memo, Receiver), Val>>,
    /// How often evaluation stopped short (depth, fuel, a binding read
    /// while it is being evaluated): a value that grew while this moved
    /// depends on where it was asked for and is not memoised.
    cuts: Cell<u32>,
}

/// The class `this` stands for while a method of a subclass runs.
type Receiver = Option<(FileIx, u32)>;

/// What a memoised value is the value of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Memo {
    /// A module-level name whose bindings end at this one.
    Module(FileIx, u32),
    /// A function's local whose bindings end at this one.
    Local(FileIx, u32),
    /// A function's first useful return, before arguments are put in.
    Returned(FileIx, u32),
}

impl<'a> Program<'a> {
    pub fn new(facts: &'a [FileFacts], resolution: &'a Resolution) -> Self {
        let files: Vec<&FileFacts> = facts.iter().collect();
        let by_path: BTreeMap<&str, FileIx> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let mut edges = Vec::with_capacity(resolution.import_count());
        for import in resolution.imports() {
            let (Target::Module { path }, false) = (&import.target, import.implicit) else {
                continue;
            };
            if let Some(&to) = by_path.get(path.as_str()) {
                edges.push((import.file, import.raw, to));
            }
        }
        let targets = Targets::new(facts, edges);
        let mut py_modules = BTreeMap::new();
        let mut py_names = vec![None; files.len()];
        for (path, name) in &resolution.python_names {
            if let Some(&ix) = by_path.get(path.as_str()) {
                py_modules.insert(name.as_str(), ix);
                py_names[ix] = Some(name.as_str());
            }
        }
        // Classic scripts share the page's global scope: a top-level
        // function one of them declares is every other's (when only one
        // declares that name).
        let mut page_functions: BTreeMap<&str, Option<(FileIx, u32)>> = BTreeMap::new();
        for (i, f) in files.iter().enumerate().filter(|(_, f)| f.state.classic) {
            for (name, fun) in top_level_functions(&f.web).iter() {
                page_functions
                    .entry(name)
                    .and_modify(|seen| *seen = None)
                    .or_insert(Some((i, fun)));
            }
        }
        let page_functions = page_functions
            .into_iter()
            .filter_map(|(name, def)| Some((name, def?)))
            .collect();
        // Django's `settings` object reads the module that configures the
        // project: the one naming its root URLconf (not a test settings).
        let django_settings = (0..files.len())
            .filter(|&f| {
                files[f].language == crate::discover::Language::Python
                    && top_level_bindings(&files[f].web, "ROOT_URLCONF")
                        .next()
                        .is_some()
            })
            .min_by_key(|&f| {
                let path = files[f].path.as_str();
                (crate::discover::is_test_path(path), path.len(), f)
            });
        let names = files.iter().map(|_| OnceCell::new()).collect();
        Program {
            django_settings,
            page_functions,
            files,
            names,
            by_path,
            targets,
            py_modules,
            py_names,
            receivers: RefCell::new(Vec::new()),
            evaluating: RefCell::new(Vec::new()),
            dom: OnceCell::new(),
            fuel: Cell::new(0),
            nesting: Cell::new(0),
            memo: RefCell::new(HashMap::new()),
            cuts: Cell::new(0),
        }
    }

    /// `$(el).data("status-url")`, `el.getAttribute("data-status-url")`,
    /// `$(el).attr("href")`: any attribute the templates may fill.
    fn data_attribute_read(
        &self,
        element: &Expr,
        method: &str,
        args: &[Expr],
        ctx: Ctx,
    ) -> Option<Val> {
        let [Expr::Str(arg)] = args else {
            return None;
        };
        let key = match method {
            "data" => format!("data-{}", kebab(arg)),
            "getAttribute" | "attr" => arg.as_str().to_ascii_lowercase(),
            _ => return None,
        };
        Some(dom_data(key, self.element_selector(element, ctx)))
    }

    /// The selector of the elements a DOM expression stands for:
    /// `$("#log")`, or `this`, `$(this)`, an element parameter or
    /// `event.target` inside a function handed to `$(".rw tr").click(…)`.
    fn element_selector(&self, e: &Expr, ctx: Ctx) -> Option<String> {
        if let Some(sel) = jquery_selector(e) {
            return Some(sel.to_string());
        }
        // `document.getElementById("base-url")`, `el.querySelector("a.x")`.
        if let Expr::Call(call) = e
            && let Expr::Member(_, method) = &call.callee
            && let Some(Expr::Str(arg)) = call.args.first()
        {
            match method.as_str() {
                "getElementById" => return Some(format!("#{arg}")),
                "querySelector" => return Some(arg.to_string()),
                _ => {}
            }
        }
        // `$(…)` and `event.target` stand for the element inside them.
        let mut inner = e;
        let name = loop {
            match inner {
                Expr::Call(call) if call.callee.is_jquery() => inner = call.args.first()?,
                Expr::Member(event, target) if target == "target" || target == "currentTarget" => {
                    inner = event
                }
                Expr::Name(name) => break name,
                _ => return None,
            }
        };
        // The handler itself, or an arrow function nested in it.
        let mut scope = ctx.scope;
        while let Some(f) = scope {
            let function = self.function(ctx.file, f);
            let own = name == "this" || function.params.iter().any(|p| p.name == name);
            if let Some(sel) = self.names(ctx.file).selectors.get(&f) {
                return own.then(|| sel.to_string());
            }
            if own && name != "this" {
                return None;
            }
            scope = function.parent;
        }
        None
    }

    /// Gives evaluation the pages, once the routes are known. Values
    /// worked out before did not see them and are forgotten.
    pub fn set_dom(&self, dom: super::dom::Dom<'a>) {
        let _ = self.dom.set(dom);
        self.memo.borrow_mut().clear();
    }

    /// Runs `f` with `this` standing for an instance of class `(file, c)` in
    /// the methods of that class and its ancestors.
    pub fn with_receiver<T>(&self, file: FileIx, c: u32, f: impl FnOnce() -> T) -> T {
        self.receivers.borrow_mut().push((file, c));
        let out = f();
        self.receivers.borrow_mut().pop();
        out
    }

    /// The project classes a class inherits from, nearest first (at most
    /// [`MAX_ANCESTORS`]; a base that is not the project's own ends a line).
    pub fn ancestors(&self, file: FileIx, c: u32) -> Vec<(FileIx, u32)> {
        let mut out: Vec<(FileIx, u32)> = Vec::new();
        let mut todo = vec![(file, c)];
        while let Some((f, k)) = todo.pop() {
            let ctx = Ctx {
                file: f,
                scope: None,
            };
            for base in &self.web(f).classes[k as usize].bases {
                if let Val::Class(bf, bc) = self.eval(base, ctx)
                    && !out.contains(&(bf, bc))
                    && (bf, bc) != (file, c)
                    && out.len() < MAX_ANCESTORS
                {
                    out.push((bf, bc));
                    todo.push((bf, bc));
                }
            }
        }
        out
    }

    /// The instance `this` stands for in a method of class `c` of `file`:
    /// the receiver's, when `c` is the receiver's class or an ancestor.
    fn this_value(&self, file: FileIx, c: u32) -> Val {
        let top = self.receivers.borrow().last().copied();
        match top {
            Some((rf, rc))
                if (rf, rc) == (file, c) || self.ancestors(rf, rc).contains(&(file, c)) =>
            {
                Val::Instance(rf, rc)
            }
            _ => Val::Instance(file, c),
        }
    }

    /// What calling a project function returns, its arguments put in for
    /// its parameters: URL builders (`routes.tag(id)`,
    /// `this.getResourceUrl(id, "notes")`) as a reader follows them. The
    /// first return that is not unknown counts.
    fn returned(&self, f: FileIx, i: u32, this: Option<&Val>, args: &[Val], d: u32) -> Val {
        let function = self.function(f, i);
        if function.returns.is_empty() || function.returns.len() > MAX_RETURNS {
            return Val::Unknown(None);
        }
        let ctx = Ctx {
            file: f,
            scope: Some(i),
        };
        let eval = || {
            self.memoised(Memo::Returned(f, i), || {
                function
                    .returns
                    .iter()
                    .map(|r| self.eval_at(r, ctx, d))
                    // An early `return ""` / `return undefined` is no URL.
                    .find(|v| {
                        !matches!(v, Val::Unknown(_) | Val::Missing)
                            && v.as_literal().is_none_or(|s| !s.is_empty())
                    })
                    .unwrap_or(Val::Unknown(None))
            })
        };
        let value = match this {
            Some(Val::Instance(rf, rc)) => self.with_receiver(*rf, *rc, eval),
            _ => eval(),
        };
        match value {
            Val::Unknown(_) => value,
            v => self.subst(&v, args),
        }
    }

    pub fn web(&self, file: FileIx) -> &'a WebFacts {
        &self.files[file].web
    }

    pub fn path(&self, file: FileIx) -> &'a str {
        &self.files[file].path
    }

    pub fn file_of(&self, path: &str) -> Option<FileIx> {
        self.by_path.get(path).copied()
    }

    pub fn python_module(&self, dotted: &str) -> Option<FileIx> {
        self.py_modules.get(dotted).copied()
    }

    /// Python modules whose dotted name fits a partly known one
    /// (`f"{app}.urls"` → every `*.urls`).
    pub fn python_modules_like(&self, parts: &[Part]) -> Vec<FileIx> {
        let pattern: Vec<crate::endpoints::path::Piece> = parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => crate::endpoints::path::Piece::Lit(s.clone()),
                _ => crate::endpoints::path::Piece::Param(None),
            })
            .collect();
        self.py_modules
            .iter()
            .filter(|(name, _)| crate::endpoints::link::glob_matches(&pattern, name))
            .map(|(_, &f)| f)
            .collect()
    }

    /// A file's name tables. Built on first use: a tree's files are most
    /// of them never looked into, and built for all they were the run's
    /// peak (8 MB at 2M lines).
    fn names(&self, file: FileIx) -> &Names<'a> {
        self.names[file].get_or_init(|| Box::new(names_of(file, &self.files[file].web)))
    }

    pub fn python_name(&self, file: FileIx) -> Option<&str> {
        self.py_names[file]
    }

    pub fn function(&self, file: FileIx, f: u32) -> &'a Function {
        &self.web(file).functions[f as usize]
    }

    /// Module-level bindings of a name, in source order.
    /// Read through the file's name tables once they are built; before,
    /// by a scan, so a sweep of every file (Django's URLconfs) does not
    /// build them all.
    pub fn module_bindings(&self, file: FileIx, name: &str) -> Vec<&'a Binding> {
        let web = self.web(file);
        match self.names[file].get() {
            Some(names) => names
                .bindings_of(None, name)
                .iter()
                .map(|&i| &web.bindings[i as usize])
                .collect(),
            None => top_level_bindings(web, name).collect(),
        }
    }

    /// The value expression a name stands for: a module-level binding of
    /// this file, one imported from another module, or `module.name`.
    pub fn binding_expr(&self, e: &Expr, ctx: Ctx) -> Option<(FileIx, &'a Expr)> {
        let (file, name) = match e {
            Expr::Name(n) => {
                if self.module_bindings(ctx.file, n).is_empty() {
                    let web = self.web(ctx.file);
                    let import = web.imports.iter().rev().find(|i| i.local == n)?;
                    let target = *self.import_targets(ctx.file, &import.specifier).first()?;
                    (target, import.imported.clone()?)
                } else {
                    (ctx.file, n.clone())
                }
            }
            Expr::Member(object, attr) => match self.eval(object, ctx) {
                Val::Module(f) => (f, attr.clone()),
                _ => return None,
            },
            _ => return None,
        };
        let bindings = self.module_bindings(file, &name);
        let b = bindings
            .iter()
            .rev()
            .find(|b| !b.augmented)
            .or(bindings.last())?;
        Some((file, &b.value))
    }

    /// The names a class expression answers to, nearest first: its own name
    /// as written and as imported (`from fastapi import APIRouter as R`),
    /// then its bases' up the project's own classes. A reader of
    /// `class UserAPIRouter(APIRouter)` knows a `UserAPIRouter(...)` is a
    /// router; so do the framework rules that look a kind up here.
    pub fn lineage(&self, e: &Expr, ctx: Ctx) -> Vec<String> {
        let mut out = Vec::new();
        self.push_lineage(e, ctx, &mut out, 0);
        out
    }

    fn push_lineage(&self, e: &Expr, ctx: Ctx, out: &mut Vec<String>, depth: u32) {
        if depth > 8 {
            return;
        }
        if let Some(name) = e.last_name() {
            out.push(name.to_string());
        }
        if let Expr::Name(n) = e
            && let Some(i) = self.names(ctx.file).imports.get(n)
            && let Some(imported) = &self.web(ctx.file).imports[i as usize].imported
            && imported != n
        {
            out.push(imported.to_string());
        }
        if let Val::Class(f, c) = self.eval(e, ctx) {
            let class = &self.web(f).classes[c as usize];
            if Some(class.name.as_str()) != e.last_name() {
                out.push(class.name.to_string());
            }
            let base_ctx = Ctx {
                file: f,
                scope: None,
            };
            for base in &class.bases {
                self.push_lineage(base, base_ctx, out, depth + 1);
            }
        }
    }

    /// The files an import specifier written in `file` resolved to.
    pub fn import_targets(&self, file: FileIx, specifier: &str) -> &[FileIx] {
        self.targets.get(file, specifier)
    }

    /// `handler` text for the report: `dotted.module:function`.
    pub fn handler_name(&self, file: FileIx, qualified: &str) -> String {
        match self.python_name(file) {
            Some(module) => format!("{module}:{qualified}"),
            None => format!("{}:{qualified}", self.path(file)),
        }
    }

    pub fn eval(&self, expr: &Expr, ctx: Ctx) -> Val {
        let outermost = self.nesting.get() == 0;
        if outermost {
            self.fuel.set(FUEL);
        }
        self.nesting.set(self.nesting.get() + 1);
        let value = self.eval_at(expr, ctx, 0);
        self.nesting.set(self.nesting.get() - 1);
        value
    }

    fn eval_at(&self, expr: &Expr, ctx: Ctx, depth: u32) -> Val {
        let fuel = self.fuel.get();
        if depth > MAX_DEPTH || fuel == 0 {
            self.cut();
            return Val::Unknown(None);
        }
        self.fuel.set(fuel - 1);
        let d = depth + 1;
        match expr {
            Expr::Str(s) => Val::lit(s),
            Expr::Other(s) => match s.as_str() {
                "None" | "null" | "undefined" => Val::Missing,
                _ => Val::lit(s),
            },
            Expr::Concat(parts) => {
                let mut out = Vec::new();
                for p in parts {
                    push_text(&mut out, self.eval_at(p, ctx, d), expr_hint(p));
                }
                Val::Text(out)
            }
            Expr::Name(name) => self.lookup(name, ctx, d),
            Expr::Member(object, property) if is_page_address(object, property) => {
                let script = self.path(ctx.file);
                match self.dom.get().and_then(|dom| dom.page_text(script)) {
                    Some(parts) => Val::Text(parts),
                    None => Val::Unknown(Some("location.href".into())),
                }
            }
            Expr::Member(object, property) => {
                // `el.dataset.statusUrl`: the page's `data-status-url`.
                if let Expr::Member(element, dataset) = &**object
                    && dataset == "dataset"
                {
                    return dom_data(
                        format!("data-{}", kebab(property)),
                        self.element_selector(element, ctx),
                    );
                }
                // `this.href` in a link's click handler, `form.action`.
                if matches!(property.as_str(), "href" | "action" | "src")
                    && let Some(selector) = self.element_selector(object, ctx)
                {
                    return dom_data(property.to_string(), Some(selector));
                }
                // `import a.b` binds the dotted name.
                if self.names(ctx.file).dotted_imports
                    && let Some(dotted) = expr.dotted()
                    && let Some(i) = self.names(ctx.file).imports.get(&dotted)
                {
                    return self.import_value(ctx.file, i, d);
                }
                let object = self.eval_at(object, ctx, d);
                self.member(object, property, d)
            }
            Expr::Call(call) => {
                // lodash's `replace(text, "{id}", id)` / `_.replace(…)`: the
                // string method with the text first (the method takes two).
                if call.args.len() == 3
                    && call.callee.last_name() == Some("replace")
                    && let Some(v) =
                        self.string_method(&call.args[0], "replace", &call.args[1..], ctx, d)
                {
                    return v;
                }
                if let Expr::Member(object, method) = &call.callee {
                    if let Some(v) = self.data_attribute_read(object, method, &call.args, ctx) {
                        return v;
                    }
                    if let Some(v) = self.string_method(object, method, &call.args, ctx, d) {
                        return v;
                    }
                }
                let callee = self.eval_at(&call.callee, ctx, d);
                let args: Vec<Val> = if uses_args(&callee, call.new, &call.callee) {
                    call.args.iter().map(|a| self.eval_at(a, ctx, d)).collect()
                } else {
                    Vec::new()
                };
                self.call_value(callee, &args, call.new, ctx, &call.callee, d)
            }
            Expr::List(items) => Val::List(items.iter().map(|i| self.eval_at(i, ctx, d)).collect()),
            Expr::Dict(entries) => Val::Obj(
                entries
                    .iter()
                    .map(|(k, v)| (k.to_string(), self.eval_at(v, ctx, d)))
                    .collect(),
            ),
            Expr::Spread(inner) => self.eval_at(inner, ctx, d),
            Expr::Function(f) => Val::Func(ctx.file, *f),
            Expr::Either(alternatives) => {
                let values: Vec<Val> = alternatives
                    .iter()
                    .map(|a| self.eval_at(a, ctx, d))
                    .filter(|v| !matches!(v, Val::Missing))
                    .collect();
                either(values)
            }
            Expr::Unknown => Val::Unknown(None),
        }
    }

    fn call_value(
        &self,
        callee: Val,
        args: &[Val],
        new: bool,
        ctx: Ctx,
        callee_expr: &Expr,
        d: u32,
    ) -> Val {
        match callee {
            Val::Client(c) => match clients::call(&c, args) {
                clients::Outcome::Value(v) => v,
                _ => Val::Unknown(None),
            },
            Val::Class(f, c) => {
                let class = &self.web(f).classes[c as usize];
                if let Some(client) = clients::class_client(&class.name) {
                    return Val::Client(client);
                }
                Val::Instance(f, c)
            }
            // `new URL(path, base)`: the path, which a request resolves
            // against the page's host as the base does.
            Val::Unknown(Some(name)) if new && name == "URL" => match args.first() {
                Some(path @ Val::Text(_)) => path.clone(),
                _ => Val::Unknown(None),
            },
            Val::Unknown(Some(name)) if new => clients::class_client(&name)
                .map(Val::Client)
                .unwrap_or(Val::Unknown(None)),
            Val::Unknown(Some(name)) if name == "require" || name == "import" => {
                match args.first().and_then(Val::as_literal) {
                    Some(spec) => self
                        .import_targets(ctx.file, &spec)
                        .first()
                        .map(|&f| Val::Module(f))
                        .unwrap_or_else(|| {
                            clients::package_client(&spec, None)
                                .map(Val::Client)
                                .unwrap_or(Val::Unknown(None))
                        }),
                    None => Val::Unknown(None),
                }
            }
            Val::Unknown(Some(name)) if name == "inject" => match args.first() {
                Some(Val::Unknown(Some(class))) => clients::class_client(class)
                    .map(Val::Client)
                    .unwrap_or(Val::Unknown(None)),
                Some(Val::Class(f, c)) => Val::Instance(*f, *c),
                _ => Val::Unknown(None),
            },
            // `os.getenv("API_ROOT", "/api")`, `os.environ.get(…, default)`:
            // the literal default, as for an unset variable.
            Val::Unknown(Some(name))
                if (name == "getenv"
                    || callee_expr
                        .dotted()
                        .is_some_and(|d| d.ends_with("environ.get")))
                    && args.get(1).is_some_and(|a| a.as_literal().is_some()) =>
            {
                args[1].clone()
            }
            // `getattr(configuration, "BASE_PATH", "")`: likewise.
            Val::Unknown(Some(name))
                if name == "getattr" && args.get(2).is_some_and(|a| a.as_literal().is_some()) =>
            {
                args[2].clone()
            }
            Val::Func(f, i) => self.returned(f, i, None, args, d),
            Val::Method(f, i, this) => self.returned(f, i, Some(&this), args, d),
            Val::Unknown(Some(name)) if clients::is_encoder(&name) => {
                Val::Text(vec![Part::Dyn(args.first().and_then(hint))])
            }
            _ => Val::Unknown(None),
        }
    }

    pub fn member(&self, object: Val, property: &str, d: u32) -> Val {
        if d > MAX_DEPTH {
            self.cut();
            return Val::Unknown(None);
        }
        match object {
            Val::Obj(_) => get(&object, property),
            Val::Param(_) | Val::Get(..) => Val::Get(Box::new(object), property.to_string()),
            Val::Module(f) => self.export_value(f, property, d + 1),
            Val::Class(f, c) | Val::Instance(f, c) => {
                let this = object.clone();
                self.class_member(f, c, property, this, d + 1)
            }
            Val::Client(c) => clients::member(&c, property)
                .map(Val::Client)
                .unwrap_or(Val::Unknown(Some(property.to_string()))),
            Val::Missing => Val::Missing,
            _ => Val::Unknown(Some(property.to_string())),
        }
    }

    fn class_member(&self, f: FileIx, c: u32, property: &str, this: Val, d: u32) -> Val {
        let class = &self.web(f).classes[c as usize];
        if let Some((_, m)) = class.methods.iter().find(|(n, _)| n == property) {
            let method = Val::Method(f, *m, Box::new(this));
            if !self.function(f, *m).getter {
                return method;
            }
            let ctx = Ctx {
                file: f,
                scope: None,
            };
            return self.call_value(method, &[], false, ctx, &Expr::Unknown, d + 1);
        }
        if let Some((_, v)) = class.attributes.iter().rev().find(|(n, _)| n == property) {
            let ctx = Ctx {
                file: f,
                scope: None,
            };
            return self.eval_at(v, ctx, d);
        }
        for base in &class.bases {
            let ctx = Ctx {
                file: f,
                scope: None,
            };
            if let Val::Class(bf, bc) = self.eval_at(base, ctx, d) {
                let found = self.class_member(bf, bc, property, this.clone(), d + 1);
                if !matches!(found, Val::Unknown(_)) {
                    return found;
                }
            }
        }
        Val::Unknown(Some(property.to_string()))
    }

    /// What `name` means at `ctx`: a parameter, a local, a module-level
    /// binding, a function or class, an import, or a well-known global.
    fn lookup(&self, name: &str, ctx: Ctx, d: u32) -> Val {
        if name.starts_with("$$_") {
            // A masked template expression (`{{ post.id }}`, see `lang::html`).
            return Val::Unknown(None);
        }
        let names = self.names(ctx.file);
        let web = self.web(ctx.file);
        let mut scope = ctx.scope;
        let mut innermost = true;
        while let Some(f) = scope {
            let function = &web.functions[f as usize];
            if let Some(c) = function.class
                && (name == "this" || name == "self")
            {
                return self.this_value(ctx.file, c);
            }
            for (i, p) in function.params.iter().enumerate() {
                if p.name == name || p.properties.iter().any(|q| q == name) {
                    if !innermost {
                        return Val::Unknown(Some(name.to_string()));
                    }
                    if p.name == name {
                        return Val::Param(i);
                    }
                    return Val::Get(Box::new(Val::Param(i)), name.to_string());
                }
            }
            let ixs = names.bindings_of(Some(f), name);
            if !ixs.is_empty() {
                return self.local_value(ctx.file, f, ixs, d);
            }
            if let Some(def) = names.nested.get(&(f, name)) {
                return def.clone();
            }
            scope = function.parent;
            innermost = false;
        }
        if let ixs = self.before_evaluating(ctx.file, names.bindings_of(None, name))
            && let Some(&end) = ixs.last()
        {
            return self.memoised(Memo::Module(ctx.file, end), || {
                self.module_value(ctx.file, ixs, d)
            });
        }
        if let Some(f) = names.functions.get(name) {
            return Val::Func(ctx.file, f);
        }
        if let Some(c) = names.classes.get(name) {
            return Val::Class(ctx.file, c);
        }
        if let Some(i) = names.imports.get(name) {
            return self.import_value(ctx.file, i, d);
        }
        // A browser client (`fetch`, `$`) stays one even where some script
        // of the tree (a polyfill, a test stub) declares a function so named.
        if let Some(client) = clients::global(name) {
            return Val::Client(client);
        }
        if self.files[ctx.file].state.classic
            && let Some(&(file, f)) = self.page_functions.get(name)
        {
            return Val::Func(file, f);
        }
        Val::Unknown(Some(name.to_string()))
    }

    /// A module-level name's value: its last plain binding, or an earlier
    /// literal one when the last is known only at run time.
    fn module_value(&self, file: FileIx, ixs: &[u32], d: u32) -> Val {
        let web = self.web(file);
        let last = ixs
            .iter()
            .rev()
            .find(|&&i| !web.bindings[i as usize].augmented)
            .or(ixs.last())
            .copied()
            .expect("non-empty");
        let b = &web.bindings[last as usize];
        let value = self.evaluating(file, last, || {
            self.binding_value(file, b, Some(last), None, d)
        });
        // `prefix = ""` then `if …: prefix = f"{x}/"`: a name reassigned
        // to a value known only at run time keeps its literal default,
        // the value a reader takes for the ordinary deployment.
        if let Val::Text(_) = &value
            && value.as_literal().is_none()
        {
            for &i in ixs.iter().rev().filter(|&&i| i < last) {
                let earlier = &web.bindings[i as usize];
                if earlier.augmented {
                    continue;
                }
                let v = self.binding_value(file, earlier, Some(i), None, d);
                if v.as_literal().is_some() {
                    return v;
                }
            }
        }
        value
    }

    /// A local's value: its last assignment, then every `+=` after it
    /// (`let url = base; if (id) url += \`${id}/\``). A piece that depends on
    /// parameters is optional ([`Part::Opt`]).
    fn local_value(&self, file: FileIx, f: u32, ixs: &[u32], d: u32) -> Val {
        let ixs = self.before_evaluating(file, ixs);
        match ixs.last() {
            Some(&end) => {
                self.memoised(Memo::Local(file, end), || self.fold_local(file, f, ixs, d))
            }
            None => Val::Unknown(None),
        }
    }

    fn fold_local(&self, file: FileIx, f: u32, ixs: &[u32], d: u32) -> Val {
        let web = self.web(file);
        let start = ixs
            .iter()
            .rposition(|&i| !web.bindings[i as usize].augmented)
            .unwrap_or(ixs.len() - 1);
        let first = &web.bindings[ixs[start] as usize];
        let mut value = self.evaluating(file, ixs[start], || {
            self.binding_value(file, first, Some(ixs[start]), Some(f), d)
        });
        let ctx = Ctx {
            file,
            scope: Some(f),
        };
        for &i in &ixs[start + 1..] {
            let Val::Text(parts) = &mut value else {
                break;
            };
            let b = &web.bindings[i as usize];
            match self.eval_at(&b.value, ctx, d) {
                Val::Text(piece) if piece.iter().any(|p| matches!(p, Part::Sym(_))) => {
                    parts.push(Part::Opt(piece))
                }
                piece => push_text(parts, piece, expr_hint(&b.value)),
            }
        }
        value
    }

    /// The bindings of a name that precede the first one being evaluated.
    fn before_evaluating<'x>(&self, file: FileIx, ixs: &'x [u32]) -> &'x [u32] {
        let evaluating = self.evaluating.borrow();
        match ixs.iter().position(|&i| evaluating.contains(&(file, i))) {
            Some(p) => {
                self.cut();
                &ixs[..p]
            }
            None => ixs,
        }
    }

    fn cut(&self) {
        self.cuts.set(self.cuts.get() + 1);
    }

    /// `value()`, or what it gave before under the same receiver.
    fn memoised(&self, key: Memo, value: impl FnOnce() -> Val) -> Val {
        let key = (key, self.receivers.borrow().last().copied());
        if let Some(v) = self.memo.borrow().get(&key) {
            return v.clone();
        }
        let cuts = self.cuts.get();
        let v = value();
        if self.cuts.get() == cuts {
            self.memo.borrow_mut().insert(key, v.clone());
        }
        v
    }

    fn evaluating<T>(&self, file: FileIx, binding: u32, f: impl FnOnce() -> T) -> T {
        self.evaluating.borrow_mut().push((file, binding));
        let out = f();
        self.evaluating.borrow_mut().pop();
        out
    }

    fn binding_value(
        &self,
        file: FileIx,
        b: &Binding,
        index: Option<u32>,
        scope: Option<u32>,
        d: u32,
    ) -> Val {
        let ctx = Ctx { file, scope };
        let value = self.eval_at(&b.value, ctx, d);
        match (&value, &b.value, index) {
            // An object built by an unmodelled call keeps its identity, so a
            // decorator `@bp.route` and `register_blueprint(bp)` meet.
            (Val::Unknown(_), Expr::Call(_), Some(i)) => Val::Made(file, i),
            // Likewise a Python project subclass of a library class
            // (`class UserAPIRouter(APIRouter)`): the framework object it
            // makes is what routes hang off, not the project's few methods.
            (Val::Instance(cf, cc), Expr::Call(_), Some(i))
                if self.files[file].language == crate::discover::Language::Python
                    && self.extends_library_class(*cf, *cc) =>
            {
                Val::Made(file, i)
            }
            _ => value,
        }
    }

    /// A string method a URL builder ends with (`url.toString()`,
    /// `.replace("http://localhost.com", "")`, `.trim()`), applied when the
    /// receiver is text; `None` leaves the call to the general rules.
    fn string_method(
        &self,
        object: &Expr,
        method: &str,
        args: &[Expr],
        ctx: Ctx,
        d: u32,
    ) -> Option<Val> {
        if !matches!(
            method,
            "toString"
                | "valueOf"
                | "trim"
                | "replace"
                | "replaceAll"
                | "concat"
                | "slice"
                | "substring"
        ) {
            return None;
        }
        // `list.slice(1)` is far more common than a URL cut at a literal
        // index: only a numeric first argument is worth evaluating the object.
        if matches!(method, "slice" | "substring")
            && !matches!(args.first(), Some(Expr::Other(n)) if n.parse::<i64>().is_ok())
        {
            return None;
        }
        let Val::Text(mut parts) = self.eval_at(object, ctx, d) else {
            return None;
        };
        match method {
            // `$("#log").data("url").slice(0, -2)`: the attribute's URL,
            // cut where its literal text allows.
            "slice" | "substring" => {
                if let Some(Part::Data { key, selector }) = parts.first()
                    && let Some(text) = self.dom.get().and_then(|dom| {
                        dom.attribute_text(key, selector.as_deref(), self.path(ctx.file))
                    })
                {
                    parts.splice(0..1, text);
                }
                let number = |i: usize| -> Option<i64> {
                    match args.get(i) {
                        Some(Expr::Other(n)) => n.parse().ok(),
                        _ => None,
                    }
                };
                let start = number(0)?;
                let end = match args.get(1) {
                    None => None,
                    Some(_) => Some(number(1)?),
                };
                return Some(match slice_text(parts, start, end) {
                    Some(parts) => Val::Text(parts),
                    None => Val::Unknown(None),
                });
            }
            // `"/tags/{tag_id}".replace("{tag_id}", params.tagId)`: the
            // placeholder becomes the value, whatever it is.
            "replace" | "replaceAll" => {
                let from = args
                    .first()
                    .and_then(|a| self.eval_at(a, ctx, d).as_literal());
                let from = from.filter(|f| !f.is_empty())?;
                let to = self.eval_at(args.get(1)?, ctx, d);
                let mut left = if method == "replace" { 1 } else { usize::MAX };
                let mut out = Vec::new();
                for part in parts {
                    let Part::Lit(s) = part else {
                        out.push(part);
                        continue;
                    };
                    let mut rest = s.as_str();
                    while left > 0
                        && let Some(at) = rest.find(&from)
                    {
                        push_text(&mut out, Val::lit(&rest[..at]), None);
                        push_text(&mut out, to.clone(), expr_hint(&args[1]));
                        rest = &rest[at + from.len()..];
                        left -= 1;
                    }
                    push_text(&mut out, Val::lit(rest), None);
                }
                out.retain(|p| !matches!(p, Part::Lit(s) if s.is_empty()));
                parts = out;
            }
            "concat" => {
                for a in args {
                    push_text(&mut parts, self.eval_at(a, ctx, d), expr_hint(a));
                }
            }
            _ => {}
        }
        Some(Val::Text(parts))
    }

    /// Some base up the project's class hierarchy is not the project's own.
    fn extends_library_class(&self, f: FileIx, c: u32) -> bool {
        std::iter::once((f, c))
            .chain(self.ancestors(f, c))
            .any(|(k, kc)| {
                let ctx = Ctx {
                    file: k,
                    scope: None,
                };
                self.web(k).classes[kc as usize].bases.iter().any(|base| {
                    !matches!(self.eval(base, ctx), Val::Class(..))
                        && base.last_name().is_some_and(|n| n != "object")
                })
            })
    }

    fn import_value(&self, file: FileIx, import: u32, d: u32) -> Val {
        let binding = &self.web(file).imports[import as usize];
        if binding.specifier == "django.conf"
            && binding.imported.as_deref() == Some("settings")
            && let Some(settings) = self.django_settings
        {
            return Val::Module(settings);
        }
        let targets = self.import_targets(file, &binding.specifier);
        let Some(imported) = &binding.imported else {
            // `import * as m` / `import a.b`: the module itself.
            return match targets.first() {
                Some(&t) => Val::Module(t),
                None => clients::package_client(&binding.specifier, None)
                    .map(Val::Client)
                    .unwrap_or(Val::Unknown(Some(binding.local.to_string()))),
            };
        };
        // `from pkg import mod`: a submodule among the targets wins. (Python
        // only: `import { environment } from "./environment"` is a name.)
        let python = self.files[file].language == crate::discover::Language::Python;
        for &t in targets.iter().filter(|_| python) {
            if crate::resolve::is_submodule(self.path(t), &binding.specifier, imported) {
                return Val::Module(t);
            }
        }
        match targets.first() {
            Some(&t) => self.export_value(t, imported, d),
            None => clients::package_client(&binding.specifier, Some(imported))
                .map(Val::Client)
                .unwrap_or(Val::Unknown(Some(binding.local.to_string()))),
        }
    }

    /// A name another module reads from `file`.
    pub fn export_value(&self, file: FileIx, name: &str, d: u32) -> Val {
        if d > MAX_DEPTH {
            self.cut();
            return Val::Unknown(None);
        }
        let names = self.names(file);
        let local = names
            .exports
            .get(name)
            .map_or(name, |i| self.web(file).exports[i as usize].1.as_str());
        let ctx = Ctx { file, scope: None };
        let found = self.lookup(local, ctx, d + 1);
        if let Val::Unknown(_) = found
            && let Some(module) = self.python_name(file)
            && let Some(sub) = self.python_module(&format!("{module}.{name}"))
        {
            return Val::Module(sub);
        }
        found
    }

    /// Puts arguments into string pieces; returns false when a parameter
    /// was left out (an optional piece that holds it is then dropped).
    fn subst_parts(&self, parts: &[Part], args: &[Val], out: &mut Vec<Part>) -> bool {
        let mut all_given = true;
        for p in parts {
            match p {
                Part::Sym(v) => {
                    let value = self.subst(v, args);
                    all_given &= !matches!(value, Val::Missing);
                    push_text(out, value, hint(v));
                }
                Part::Opt(inner) => {
                    let mut piece = Vec::new();
                    if self.subst_parts(inner, args, &mut piece) {
                        push_text(out, Val::Text(piece), None);
                    }
                }
                Part::Alt(alternatives) => {
                    let given = alternatives
                        .iter()
                        .map(|alt| {
                            let mut piece = Vec::new();
                            all_given &= self.subst_parts(alt, args, &mut piece);
                            piece
                        })
                        .collect();
                    out.push(Part::Alt(given));
                }
                other => out.push(other.clone()),
            }
        }
        all_given
    }

    /// Puts a call's arguments in for the parameters of a summarised value.
    pub fn subst(&self, val: &Val, args: &[Val]) -> Val {
        match val {
            Val::Param(i) => args.get(*i).cloned().unwrap_or(Val::Missing),
            Val::Get(object, property) => {
                let object = self.subst(object, args);
                self.member(object, property, 0)
            }
            Val::Text(parts) => {
                let mut out = Vec::new();
                self.subst_parts(parts, args, &mut out);
                Val::Text(out)
            }
            Val::Obj(entries) => Val::Obj(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), self.subst(v, args)))
                    .collect(),
            ),
            Val::List(items) => Val::List(items.iter().map(|v| self.subst(v, args)).collect()),
            Val::Method(f, m, object) => Val::Method(*f, *m, Box::new(self.subst(object, args))),
            other => other.clone(),
        }
    }
}

/// The value a reader takes for one of several: `"?" + q` or `""` (a query
/// string or nothing) is no path; several paths (`c ? "/a" : "/b"`) are
/// each a value ([`Part::Alt`]); otherwise the first non-empty text with a
/// known piece (`base || "/api"`, `isNew ? "POST" : "PUT"` → `POST`,
/// `domain ? domain : ""` → the unknown `domain`); otherwise the first.
/// Whether [`Program::call_value`] reads the arguments of a call to
/// `callee`: most calls are to functions outside the tree, whose arguments
/// (a config object, a schema) cost much to evaluate and change nothing.
fn uses_args(callee: &Val, new: bool, callee_expr: &Expr) -> bool {
    match callee {
        Val::Client(_) | Val::Func(..) | Val::Method(..) => true,
        Val::Unknown(Some(name)) => {
            (new && name == "URL")
                || matches!(
                    name.as_str(),
                    "require" | "import" | "inject" | "getenv" | "getattr"
                )
                || clients::is_encoder(name)
                || callee_expr
                    .dotted()
                    .is_some_and(|d| d.ends_with("environ.get"))
        }
        _ => false,
    }
}

fn either(values: Vec<Val>) -> Val {
    let query_or_nothing = |v: &Val| match v {
        Val::Text(parts) => match parts.first() {
            None => true,
            Some(Part::Lit(s)) => s.is_empty() || s.starts_with(['?', '&', '#']),
            Some(_) => false,
        },
        _ => false,
    };
    if !values.is_empty() && values.iter().all(query_or_nothing) {
        return Val::lit("");
    }
    let known = |v: &Val| match v {
        Val::Text(parts) => parts
            .iter()
            .any(|p| matches!(p, Part::Lit(s) if !s.is_empty())),
        Val::Unknown(_) => false,
        _ => true,
    };
    // Several known paths (`admin ? "/api/admin/users" : "/api/users"`):
    // each is a value the request can have.
    let path = |v: &Val| match v {
        Val::Text(parts)
            if !query_or_nothing(v)
                && parts
                    .iter()
                    .any(|p| matches!(p, Part::Lit(s) if s.contains('/'))) =>
        {
            Some(parts.clone())
        }
        _ => None,
    };
    if values.len() > 1
        && let Some(paths) = values.iter().map(path).collect::<Option<Vec<_>>>()
    {
        let mut distinct: Vec<Vec<Part>> = Vec::new();
        for p in paths {
            if !distinct.contains(&p) {
                distinct.push(p);
            }
        }
        return match distinct.len() {
            1 => Val::Text(distinct.pop().unwrap_or_default()),
            _ => Val::Text(vec![Part::Alt(distinct)]),
        };
    }
    let first_known = values.iter().position(known);
    let mut values = values;
    match first_known {
        Some(i) => values.swap_remove(i),
        None => values
            .into_iter()
            .find(|v| !matches!(v, Val::Text(p) if p.is_empty()))
            .unwrap_or(Val::Unknown(None)),
    }
}

fn expr_hint(e: &Expr) -> Option<String> {
    match e {
        Expr::Name(n) => Some(n.to_string()),
        Expr::Member(_, p) => Some(p.to_string()),
        _ => None,
    }
}

/// A module's top-level bindings of a name, in source order.
fn top_level_bindings<'w>(web: &'w WebFacts, name: &str) -> impl Iterator<Item = &'w Binding> {
    web.bindings
        .iter()
        .filter(move |b| b.scope.is_none() && b.name == name)
}

/// A file's top-level named functions, by name.
fn top_level_functions(web: &WebFacts) -> ByName<'_, Function> {
    ByName::new(
        &web.functions,
        |f| f.parent.is_none() && f.class.is_none() && !f.name.is_empty(),
        false,
    )
}

fn names_of(file: FileIx, web: &WebFacts) -> Names<'_> {
    let mut by_name: Vec<u32> = (0..web.bindings.len() as u32).collect();
    // Stable: a name's bindings stay in source order.
    by_name.sort_by_key(|&i| {
        let b = &web.bindings[i as usize];
        (b.scope, b.name.as_str())
    });
    let mut names = Names {
        bindings: &web.bindings,
        by_name,
        functions: top_level_functions(web),
        classes: ByName::new(&web.classes, |_| true, false),
        nested: BTreeMap::new(),
        imports: ByName::new(&web.imports, |_| true, true),
        dotted_imports: web.imports.iter().any(|i| i.local.contains('.')),
        exports: ByName::new(&web.exports, |_| true, true),
        selectors: BTreeMap::new(),
    };
    for (i, f) in web.functions.iter().enumerate() {
        let Some(parent) = f.parent else { continue };
        let def = match f.class {
            None if !f.name.is_empty() => Val::Func(file, i as u32),
            // A constructor function with prototype methods.
            Some(c) if web.classes[c as usize].name == f.name => Val::Class(file, c),
            _ => continue,
        };
        names.nested.entry((parent, f.name.as_str())).or_insert(def);
    }
    for site in &web.calls {
        let call = &site.call;
        let Expr::Member(object, method) = &call.callee else {
            continue;
        };
        let Some(mut selector) = jquery_selector(object) else {
            continue;
        };
        // Delegated events: `.on("click", "tr.ok", fn)` → `tr.ok`.
        if matches!(method.as_str(), "on" | "delegate" | "one")
            && let Some(Expr::Str(sub)) = call.args.get(1)
        {
            selector = sub;
        }
        for arg in &call.args {
            if let Expr::Function(f) = arg {
                names.selectors.insert(*f, selector);
            }
        }
    }
    names
}

/// The selector of `$(".sel")` / `jQuery(".sel")`, also through a chained
/// `.find(".x")`, `.closest(…)` or `.children(…)` (the last one given).
fn jquery_selector(e: &Expr) -> Option<&str> {
    let Expr::Call(call) = e else {
        return None;
    };
    match &call.callee {
        callee if callee.is_jquery() => match call.args.first() {
            Some(Expr::Str(sel)) if !sel.trim_start().starts_with('<') => Some(sel),
            _ => None,
        },
        Expr::Member(inner, method) => match (method.as_str(), call.args.first()) {
            ("find" | "closest" | "children" | "filter", Some(Expr::Str(sel))) => Some(sel),
            ("find" | "closest" | "children" | "filter" | "first" | "last" | "eq", _) => {
                jquery_selector(inner)
            }
            _ => None,
        },
        _ => None,
    }
}

/// `location.href`, `window.location.pathname`, `document.URL`: the
/// address of the page the script runs on.
fn is_page_address(object: &Expr, property: &str) -> bool {
    let location = match object {
        Expr::Name(n) => n == "location",
        Expr::Member(global, l) => {
            l == "location"
                && matches!(&**global, Expr::Name(g) if g == "window" || g == "document")
        }
        _ => false,
    };
    (location && matches!(property, "href" | "pathname"))
        || (property == "URL" && matches!(object, Expr::Name(d) if d == "document"))
}

/// `text.slice(start, end)` where the characters cut are literal text:
/// `"/a/0/".slice(0, -2)`, `"/x".slice(1)`; `None` when a cut falls on a
/// part known only at run time.
fn slice_text(mut parts: Vec<Part>, start: i64, end: Option<i64>) -> Option<Vec<Part>> {
    let all_literal = parts.iter().all(|p| matches!(p, Part::Lit(_)));
    if all_literal {
        let text: String = parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.as_str(),
                _ => "",
            })
            .collect();
        let chars: Vec<char> = text.chars().collect();
        let at = |i: i64| -> usize {
            let n = chars.len() as i64;
            (if i < 0 { n + i } else { i }).clamp(0, n) as usize
        };
        let (from, to) = (at(start), end.map_or(chars.len(), at));
        let cut: String = chars[from..to.max(from)].iter().collect();
        return Some(vec![Part::Lit(cut)]);
    }
    if start < 0 || end.is_some_and(|e| e > 0) {
        return None;
    }
    let trim_lit = |part: &mut Part, n: usize, front: bool| -> Option<()> {
        let Part::Lit(s) = part else { return None };
        let chars: Vec<char> = s.chars().collect();
        if chars.len() < n {
            return None;
        }
        *s = if front {
            chars[n..].iter().collect()
        } else {
            chars[..chars.len() - n].iter().collect()
        };
        Some(())
    };
    if start > 0 {
        trim_lit(parts.first_mut()?, start as usize, true)?;
    }
    if let Some(end) = end.filter(|e| *e < 0) {
        trim_lit(parts.last_mut()?, end.unsigned_abs() as usize, false)?;
    }
    parts.retain(|p| !matches!(p, Part::Lit(s) if s.is_empty()));
    Some(parts)
}

/// A value read from the page's `data-<key>` attribute ([`Part::Data`]).
fn dom_data(key: String, selector: Option<String>) -> Val {
    Val::Text(vec![Part::Data { key, selector }])
}

/// `statusUrl` → `status-url`, as the DOM maps `dataset` names.
fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
