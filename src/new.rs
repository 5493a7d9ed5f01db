//! `shingle new` (being written).

use std::path::{Path, PathBuf};

use crate::cli::NewKind;
use crate::error::Error;

/// Creates a content file of `kind`; returns its path.
pub fn create(_root: &Path, _kind: NewKind, _title: &str) -> Result<PathBuf, Error> {
    Err(Error::Other("shingle new is not available in this build yet".into()))
}
