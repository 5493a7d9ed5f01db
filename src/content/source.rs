//! Reading one content file: bytes to text (UTF-8 only, byte-order mark dropped), then the
//! `+++` TOML front matter split from the Markdown body, with the offsets needed to report
//! problems at their line in the file. Knows nothing about what the fields mean.

use crate::error::{Diagnostic, line_col};

/// A content file's text, split.
#[derive(Debug, Clone)]
pub struct Source {
    /// The whole file as text, without a byte-order mark.
    pub text: String,
    /// Byte range of the TOML front matter (empty when there is none).
    pub front: std::ops::Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    /// A hash of the text as read, to tell an edited file from an unchanged one.
    pub hash: u64,
}

impl Source {
    /// The front matter TOML.
    pub fn front(&self) -> &str {
        &self.text[self.front.clone()]
    }

    /// The Markdown body (empty once [`Source::forget_body`] let it go).
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }

    /// Lets go of the body's text, keeping the front matter for the positions of later
    /// problems: once a site's bodies are rendered, a build of thousands of pages need not hold
    /// every Markdown file as well as its HTML.
    pub fn forget_body(&mut self) {
        self.text.truncate(self.body_start);
        self.text.shrink_to_fit();
    }

    /// Line (1-based) where the body starts.
    pub fn body_line(&self) -> usize {
        line_col(&self.text, self.body_start).0
    }

    /// Whether the file had front matter.
    pub fn has_front_matter(&self) -> bool {
        self.body_start > 0
    }
}

/// Decodes and splits a content file. `file` is the path shown in messages. Characters no page
/// or feed may carry (control characters pasted from Word or a PDF) are removed, with a warning.
pub fn parse(file: &str, bytes: Vec<u8>) -> Result<(Source, Option<Diagnostic>), Diagnostic> {
    let mut text = decode(file, bytes)?;
    let mut removed = None;
    if let Some((kept, first, count)) = crate::context::without_unpublishable(&text) {
        removed = Some(unpublishable_warning(file, &text, first, count));
        text = kept;
    }
    if text.trim().is_empty() {
        return Err(Diagnostic::error(file, "the file is empty").help(
            "write front matter and some text, for example:\n+++\ntitle = \"About me\"\n+++\nA few words about you.",
        ));
    }
    Ok((split(file, text)?, removed))
}

/// The warning for invisible control characters removed from a file, at the first one.
pub fn unpublishable_warning(file: &str, text: &str, first: usize, count: usize) -> Diagnostic {
    let (line, column) = line_col(text, first);
    let what = if count == 1 {
        "an invisible control character".to_string()
    } else {
        format!("{count} invisible control characters")
    };
    Diagnostic::warning(file, format!("removed {what} that web pages and feeds cannot hold"))
        .at(line, column)
        .help("they usually come with text pasted from Word or a PDF; retype the text around here if it looks wrong")
}

fn decode(file: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(file, "the file is saved as UTF-16, but Shingle reads UTF-8 only")
            .help("open it in your editor and save it again with the encoding \"UTF-8\""));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let (line, column) = line_col(&String::from_utf8_lossy(&bytes[..valid]), valid);
            Err(Diagnostic::error(file, "the file is not saved as UTF-8 (it looks like Latin-1 or Windows-1252)")
                .at(line, column)
                .help("open it in your editor and save it again with the encoding \"UTF-8\""))
        }
    }
}

pub(crate) fn split(file: &str, text: String) -> Result<Source, Diagnostic> {
    let first_line = text.lines().next().unwrap_or("").trim_end();
    if first_line == "---" {
        return Err(yaml_error(file, &text));
    }
    if first_line != "+++" {
        let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        return Ok(Source { text, front: 0..0, body_start: 0, hash });
    }
    let front_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut pos = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_start = pos + line.len();
            let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
            return Ok(Source { front: front_start..pos, body_start, text, hash });
        }
        pos += line.len();
    }
    Err(Diagnostic::error(file, "front matter opened on line 1 is never closed")
        .at(1, 1)
        .help("add a line with just +++ after the last front matter field"))
}

/// YAML front matter gets the TOML it should have been, so the fix is a copy away.
fn yaml_error(file: &str, text: &str) -> Diagnostic {
    let mut shape = String::from("+++\n");
    for line in text.lines().skip(1) {
        if line.trim_end() == "---" {
            break;
        }
        match line.split_once(':') {
            Some((key, value)) if !key.starts_with(' ') && !key.trim().is_empty() => {
                let value = value.trim();
                let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                    Some(items) => {
                        let items: Vec<String> =
                            items.split(',').map(str::trim).filter(|i| !i.is_empty()).map(toml_scalar).collect();
                        format!("[{}]", items.join(", "))
                    }
                    None => toml_scalar(value),
                };
                shape.push_str(&format!("{} = {value}\n", key.trim()));
            }
            _ => shape.push_str(&format!("# {}\n", line.trim())),
        }
    }
    shape.push_str("+++");
    Diagnostic::error(file, "front matter must be TOML between +++ lines, not YAML between --- lines")
        .at(1, 1)
        .help(format!("replace the front matter with:\n{shape}"))
}

/// A YAML scalar written as TOML: numbers, booleans and dates as they are, the rest quoted.
fn toml_scalar(value: &str) -> String {
    if value.is_empty() || value.parse::<f64>().is_ok() || value == "true" || value == "false" || looks_like_date(value)
    {
        value.to_string()
    } else {
        format!("\"{}\"", value.trim_matches('"').trim_matches('\'').replace('"', "\\\""))
    }
}

fn looks_like_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && value.replace('-', "").chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let (source, _) = parse("a.md", b"+++\ntitle = \"Hi\"\n+++\nBody\n".to_vec()).expect("valid");
        assert_eq!(source.front(), "title = \"Hi\"\n");
        assert_eq!(source.body(), "Body\n");
        assert_eq!(source.body_line(), 4);
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let (source, _) = parse("a.md", b"\xEF\xBB\xBF+++\r\ntitle = \"Hi\"\r\n+++\r\nBody".to_vec()).expect("valid");
        assert_eq!(source.front(), "title = \"Hi\"\r\n");
        assert_eq!(source.body(), "Body");
    }

    #[test]
    fn yaml_gets_the_toml_shape() {
        let err = parse("a.md", b"---\ntitle: Hello\ndate: 2024-05-18\n---\n".to_vec()).expect_err("yaml");
        assert_eq!(
            err.help.as_deref(),
            Some("replace the front matter with:\n+++\ntitle = \"Hello\"\ndate = 2024-05-18\n+++")
        );
    }

    #[test]
    fn control_characters_are_removed_with_a_warning_at_the_first() {
        let (source, warning) = parse("a.md", b"+++\ntitle = \"Inbox\x0b\"\n+++\nA\x0cB\n".to_vec()).expect("valid");
        assert_eq!(source.text, "+++\ntitle = \"Inbox\"\n+++\nAB\n");
        let warning = warning.expect("warned");
        assert_eq!((warning.line, warning.column), (2, 15));
        assert!(warning.message.starts_with("removed 2 invisible control characters"));
    }

    #[test]
    fn latin1_is_refused_at_its_line() {
        let err = parse("a.md", b"+++\ntitle = \"Caf\xE9\"\n+++\n".to_vec()).expect_err("latin-1");
        assert_eq!((err.line, err.column), (2, 13));
    }
}
