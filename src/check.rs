//! `shingle check` (being written).

use std::path::Path;

use crate::cli::Format;
use crate::error::Error;

/// Checks the site and prints the report; `Ok(true)` when there are no errors.
pub fn run(_root: &Path, _format: Format) -> Result<bool, Error> {
    Err(Error::Other("shingle check is not available in this build yet".into()))
}
