//! A content file's text taken apart as it is written — byte-order mark, the `+++` lines, the
//! front matter, the body, CR LF or LF line ends — and put back together byte for byte. The
//! rule for where front matter starts and ends is `content::source`'s.

/// A content file's text in its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// Whether it starts with a byte-order mark.
    bom: bool,
    /// Whether its lines end in CR LF.
    crlf: bool,
    /// The opening `+++` line as written (empty when there is no front matter).
    open: String,
    /// The front matter: the TOML between the `+++` lines.
    pub front: String,
    /// The closing `+++` line as written.
    close: String,
    /// The Markdown body, as written.
    body: String,
}

impl Parts {
    /// Takes `text` apart; refused (with the build's words) when its front matter is never
    /// closed or is not TOML between `+++` lines.
    pub fn split(text: &str) -> Result<Parts, String> {
        let (bom, text) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let crlf = text.contains("\r\n");
        let source = crate::content::source::split("", text.to_string()).map_err(|d| d.message)?;
        let front = source.front.clone();
        Ok(Parts {
            bom,
            crlf,
            open: text[..front.start].to_string(),
            front: text[front.clone()].to_string(),
            close: text[front.end..source.body_start].to_string(),
            body: text[source.body_start..].to_string(),
        })
    }

    /// The text, put back together.
    pub fn join(&self) -> String {
        let mut text = String::with_capacity(self.front.len() + self.body.len() + 16);
        if self.bom {
            text.push('\u{feff}');
        }
        text.push_str(&self.open);
        text.push_str(&self.front);
        text.push_str(&self.close);
        text.push_str(&self.body);
        text
    }

    /// The body as a form shows it: lines ending in LF, as a browser sends a text box back.
    pub fn body(&self) -> String {
        self.body.replace("\r\n", "\n")
    }

    /// Sets the body from a form, ending its lines as the file does; an unchanged body keeps
    /// its bytes.
    pub fn set_body(&mut self, body: &str) {
        let body = body.replace("\r\n", "\n");
        if body == self.body() {
            return;
        }
        self.body = if self.crlf { with_crlf(&body) } else { body };
    }

    /// Sets the front matter, ending new lines as the file does, and adds the `+++` lines to a
    /// file that had none.
    pub fn set_front(&mut self, front: String) {
        if front == self.front {
            return;
        }
        let newline = if self.crlf { "\r\n" } else { "\n" };
        self.front = if self.crlf { with_crlf(&front) } else { front };
        if self.open.is_empty() && !self.front.trim().is_empty() {
            self.open = format!("+++{newline}");
            self.close = format!("+++{newline}");
        }
    }
}

/// LF line ends turned into CR LF, leaving those already CR LF alone.
fn with_crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_comes_apart_and_back_together_byte_for_byte() {
        for text in [
            "+++\ntitle = \"A\"\n+++\nBody\n",
            "\u{feff}+++\r\ntitle = \"A\"\r\n+++  \r\n\r\nBody\r\n",
            "No front matter\n",
            "+++\n+++\n",
            "",
        ] {
            let parts = Parts::split(text).expect("splits");
            assert_eq!(parts.join(), text);
        }
        assert!(Parts::split("+++\ntitle = 1\n").is_err());
    }

    #[test]
    fn a_changed_body_keeps_the_files_line_ends() {
        let mut parts = Parts::split("+++\r\ntitle = \"A\"\r\n+++\r\nOne\r\n").expect("splits");
        assert_eq!(parts.body(), "One\n");
        parts.set_body("One\nTwo\n");
        assert_eq!(parts.join(), "+++\r\ntitle = \"A\"\r\n+++\r\nOne\r\nTwo\r\n");
        let mut bare = Parts::split("Just text\n").expect("splits");
        bare.set_front("title = \"T\"\n".to_string());
        assert_eq!(bare.join(), "+++\ntitle = \"T\"\n+++\nJust text\n");
    }
}
