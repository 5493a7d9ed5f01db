//! The commands of the `shingle` binary, each the pipeline's steps put together: [`build`],
//! [`check`], [`new`], [`init`]. `serve` has its own folder; `schema` is `content::schema`'s.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
