//! The diagnostics Shingle shows its user: errors and warnings that name a file, a line and a
//! column, say what is wrong in plain words and, where we can, how to fix it.
//! Every mistake a site author can make ends up as a [`Diagnostic`]; nothing else is shown.

use std::fmt;
use std::path::{Path, PathBuf};

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails (exit code 1).
    Error,
    /// Reported; the build goes on.
    Warning,
}

/// One problem found in a site, located in the user's own file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible (`content/about.md`).
    pub file: String,
    /// 1-based line, 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, when we can say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error about `file` as a whole.
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
        }
    }

    /// A warning about `file` as a whole.
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, message) }
    }

    /// Places the problem at a line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Adds the advice line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same problem, as an error or a warning.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {label}: {}", self.message)?;
        if let Some(help) = &self.help {
            for line in help.lines() {
                write!(f, "\n  {line}")?;
            }
        }
        Ok(())
    }
}

/// Warnings beyond this many are counted, not printed: `shingle check` lists them all.
pub const SHOWN_WARNINGS: usize = 20;

/// The first warnings (at most [`SHOWN_WARNINGS`]) as printed after a build, one per paragraph,
/// and a line counting the rest of `count`; empty when there are none.
pub fn warnings_text<'a>(shown: impl IntoIterator<Item = &'a Diagnostic>, count: usize) -> String {
    let mut text = String::new();
    for warning in shown.into_iter().take(SHOWN_WARNINGS) {
        text.push_str(&warning.to_string());
        text.push('\n');
    }
    if count > SHOWN_WARNINGS {
        let more = count - SHOWN_WARNINGS;
        text.push_str(&format!("… and {more} more warnings; `shingle check` lists them all.\n"));
    }
    text
}

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// The site has problems; every one found is listed (warnings included, errors first).
    Site(Vec<Diagnostic>),
    /// Something outside the site went wrong (a disk error, a busy port), said in plain words.
    Other(String),
}

impl Error {
    /// One site error about one file.
    pub fn one(diagnostic: Diagnostic) -> Self {
        Error::Site(vec![diagnostic])
    }

    /// An I/O failure on `path`, explained.
    pub fn io(path: &Path, action: &str, err: &std::io::Error) -> Self {
        Error::Other(format!("could not {action} {}: {}", path.display(), plain_io(err)))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Site(diagnostics) => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Error::Other(message) => write!(f, "error: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// The I/O error kind in plain words, without Rust's debug names.
pub fn plain_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "it does not exist".to_string(),
        PermissionDenied => "permission denied".to_string(),
        AlreadyExists => "it already exists".to_string(),
        AddrInUse => "the port is already in use by another program".to_string(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// A path shown relative to the site root when it is inside it, with `/` separators.
pub fn display_path(root: &Path, path: &Path) -> String {
    let shown: PathBuf = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    shown.to_string_lossy().replace('\\', "/")
}

/// The known name closest to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let score = strsim::jaro_winkler(&word.to_lowercase(), candidate);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, name)| name)
}

/// 1-based line and column of a byte offset in `text` (columns count characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].trim_end_matches('\r').chars().count() + 1;
    (line, column)
}

fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx", 3), (2, 1));
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(did_you_mean("titel", ["title", "slug"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "slug"]), None);
    }

    #[test]
    fn diagnostic_reads_like_a_compiler_message() {
        let d = Diagnostic::error("content/a.md", "unknown field 'titel'").at(4, 9).help("did you mean 'title'?");
        assert_eq!(d.to_string(), "content/a.md:4:9: error: unknown field 'titel'\n  did you mean 'title'?");
    }
}
