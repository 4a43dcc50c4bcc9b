//! Language-specific rules: which syntax context an import sits in, and how a
//! language's module system turns a specifier into a file. Only `extract` and
//! `resolve` call into here; everything downstream is language-neutral.

pub mod ecma;
pub mod field;
pub mod html;
pub mod python;
pub mod sql;

/// Where an import statement sits, as far as it changes its meaning.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportContext {
    pub lazy: bool,
    pub type_only: bool,
    pub conditional: bool,
}
