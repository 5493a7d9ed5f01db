//! The commands of the `shingle` binary, each the pipeline's steps put together: [`build`],
//! [`check`], [`new`], [`init`], [`publish`], and what they say of example text left in a site ([`leftovers`]). `serve` has its own folder; `schema` is `content::schema`'s.

pub mod build;
pub mod check;
pub mod init;
pub mod leftovers;
pub mod new;
pub mod publish;
