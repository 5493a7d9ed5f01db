//! Shingle: a static site generator for virtual assistants.
//!
//! The data flows one way: `site.toml` + `content/` + a theme are loaded ([`load`], [`content`])
//! into a [`site::Site`] (pure data, with its table of output paths), rendered into files in
//! memory ([`render`]), and only then written ([`output`]). [`serve`] reuses the same steps and
//! serves from memory; [`commands`] are the steps put together. See ARCHITECTURE.md.

pub mod cli;
pub mod colour;
pub mod commands;
pub mod content;
pub mod context;
pub mod date;
pub mod edit;
pub mod error;
pub mod examples;
pub mod images;
pub mod load;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod site_file;
pub mod strings;
pub mod toml_error;
pub mod url;
pub mod value_fixes;

pub use error::{Diagnostic, Error};
