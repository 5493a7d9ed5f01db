//! `shingle init` (being written).

use std::path::Path;

use crate::error::Error;

/// Writes a starter site into `dir`; returns the message to print.
pub fn init(_dir: &Path, _theme: &str) -> Result<String, Error> {
    Err(Error::Other("shingle init is not available in this build yet".into()))
}
