//! Byte ranges (RFC 9110 §14): which bytes of a file a `Range` header asks for, so a browser can
//! play a video from `static/` (Safari will not without them). One range of bytes is served;
//! anything else gets the whole file, as the RFC allows. Knows nothing of files or sockets.

use std::ops::Range;

/// What a `Range` header asks of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// The whole file: no header, several ranges, another unit, or a header that does not parse.
    Whole,
    /// These bytes (answered 206).
    Part(Range<usize>),
    /// Only bytes the file does not have (answered 416).
    Unsatisfiable,
}

/// What `header` asks of a file of `length` bytes: `bytes=0-99`, `bytes=100-` or `bytes=-100`.
pub fn wanted(header: Option<&str>, length: usize) -> Wanted {
    let Some((unit, spec)) = header.and_then(|header| header.split_once('=')) else {
        return Wanted::Whole;
    };
    // an empty file has no byte to point at; it is small enough to send whole
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') || length == 0 {
        return Wanted::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Wanted::Whole;
    };
    if first.is_empty() {
        // the last `count` bytes, or all of them when the file is shorter
        return match number(last) {
            Some(0) => Wanted::Unsatisfiable,
            Some(count) => Wanted::Part(length.saturating_sub(count)..length),
            None => Wanted::Whole,
        };
    }
    let Some(first) = number(first) else {
        return Wanted::Whole;
    };
    let end = if last.is_empty() {
        length
    } else {
        match number(last) {
            Some(last) if last >= first => last.saturating_add(1).min(length),
            _ => return Wanted::Whole,
        }
    };
    if first >= length { Wanted::Unsatisfiable } else { Wanted::Part(first..end) }
}

/// A decimal number; one too large to be a position in memory counts as the largest.
fn number(text: &str) -> Option<usize> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.bytes().fold(0usize, |n, digit| n.saturating_mul(10).saturating_add(usize::from(digit - b'0'))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ranges_are_read() {
        assert_eq!(wanted(Some("bytes=0-9"), 100), Wanted::Part(0..10));
        assert_eq!(wanted(Some("bytes=90-"), 100), Wanted::Part(90..100));
        assert_eq!(wanted(Some("bytes=-10"), 100), Wanted::Part(90..100));
        assert_eq!(wanted(Some("bytes=-1000"), 100), Wanted::Part(0..100));
        assert_eq!(wanted(Some("bytes=50-1000"), 100), Wanted::Part(50..100));
        assert_eq!(wanted(Some("Bytes=0-0"), 100), Wanted::Part(0..1));
        assert_eq!(wanted(Some("bytes=0-99999999999999999999999999"), 100), Wanted::Part(0..100));
    }

    #[test]
    fn ranges_past_the_end_cannot_be_satisfied() {
        assert_eq!(wanted(Some("bytes=100-"), 100), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=100-200"), 100), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=-0"), 100), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=99999999999999999999999-"), 100), Wanted::Unsatisfiable);
    }

    #[test]
    fn anything_else_gets_the_whole_file() {
        for header in [
            None,
            Some("bytes=0-1,3-4"),
            Some("bytes=9-2"),
            Some("bytes=x-"),
            Some("bytes=-"),
            Some("lines=1-2"),
            Some("bytes"),
        ] {
            assert_eq!(wanted(header, 100), Wanted::Whole, "{header:?}");
        }
        assert_eq!(wanted(Some("bytes=0-9"), 0), Wanted::Whole);
    }
}
