//! Reading a site from disk: `site.toml` ([`config`]), the theme and its templates ([`theme`]),
//! the static files ([`assets`]). The content files are `content`'s; putting everything into a
//! `Site` is the loader's job.

pub mod assets;
pub mod config;
pub mod theme;
