//! The preview server (being written).

use std::path::PathBuf;

use crate::error::Error;

/// Options of `shingle serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// Port.
    pub port: u16,
    /// Address.
    pub bind: String,
    /// Open a browser.
    pub open: bool,
    /// Poll instead of file-system events.
    pub poll: bool,
}

/// Runs the preview server until interrupted.
pub fn serve(_options: &ServeOptions) -> Result<(), Error> {
    Err(Error::Other("shingle serve is not available in this build yet".into()))
}
