//! Shingle: a static site generator for virtual assistants.
//!
//! The data flows one way: `site.toml` + `content/` + a theme are loaded into a [`site::Site`]
//! (pure data), rendered into [`render::OutputFile`]s in memory, and only then written by
//! [`output`]. `serve` reuses the same steps and serves from memory. See ARCHITECTURE.md.

pub mod assets;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod context;
pub mod date;
pub mod error;
pub mod feeds;
pub mod highlight;
pub mod init;
pub mod lists;
pub mod markdown;
pub mod new;
pub mod output;
pub mod render;
pub mod seo;
pub mod serve;
pub mod site;
pub mod theme;
pub mod toml_error;
pub mod view;

pub use error::{Diagnostic, Error};
