//! A photo uploaded from a form: what kind of picture its bytes really are (never what its name
//! or the browser claims), and the safe name it gets in `static/images/` — lower case, made of
//! its own words, with the extension of its real type. Processing the picture (sizes, formats)
//! is the image pipeline's job at build time.

use crate::content::slug::slugify;

/// The largest picture accepted, in bytes.
pub const MAX_PICTURE: usize = 10 * 1024 * 1024;

/// The kinds of picture accepted, by the extension they are saved with.
const KINDS: [(&str, &str); 5] = [("jpg", "JPEG"), ("png", "PNG"), ("webp", "WebP"), ("gif", "GIF"), ("avif", "AVIF")];

/// The extension for the picture in `bytes`, read from its first bytes; `None` when it is not
/// a photo Shingle takes (SVG drawings are refused: they can hold scripts).
pub fn kind_of(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("jpg");
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("png");
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some("gif");
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("webp");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && matches!(&bytes[8..12], b"avif" | b"avis") {
        return Some("avif");
    }
    None
}

/// The name a picture is saved under: its name's words as a slug, and the extension of what
/// it really is (`Jo's Photo.JPEG` → `jo-s-photo.jpg`).
pub fn safe_name(name: &str, extension: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match name.rsplit_once('.') {
        Some((stem, ext))
            if KINDS.iter().any(|(k, _)| *k == ext.to_ascii_lowercase()) || ext.eq_ignore_ascii_case("jpeg") =>
        {
            stem
        }
        _ => name,
    };
    let mut slug = slugify(stem);
    slug.truncate(80);
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "photo" } else { slug };
    format!("{slug}.{extension}")
}

/// A name beside `name` that `taken` does not hold: `photo-2.jpg`, `photo-3.jpg`…
pub fn free_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..).map(|n| format!("{stem}-{n}.{extension}")).find(|candidate| !taken(candidate)).unwrap_or_default()
}

/// The kinds accepted, in words, for messages.
pub fn accepted() -> String {
    let names: Vec<&str> = KINDS.iter().map(|(_, name)| *name).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytes_decide_what_a_picture_is() {
        assert_eq!(kind_of(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("jpg"));
        assert_eq!(kind_of(b"\x89PNG\r\n\x1a\nrest"), Some("png"));
        assert_eq!(kind_of(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(kind_of(b"\0\0\0\x1cftypavif"), Some("avif"));
        assert_eq!(kind_of(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"), None);
        assert_eq!(kind_of(b"MZ\x90\0 an executable"), None);
    }

    #[test]
    fn names_are_safe_and_say_what_the_picture_is() {
        assert_eq!(safe_name("Jo's Photo.JPEG", "jpg"), "jo-s-photo.jpg");
        assert_eq!(safe_name("../../etc/passwd", "png"), "passwd.png");
        assert_eq!(safe_name("C:\\Users\\jo\\Café.png", "png"), "cafe.png");
        assert_eq!(safe_name("photo.png", "jpg"), "photo.jpg");
        assert_eq!(safe_name("....", "gif"), "photo.gif");
        assert_eq!(free_name("photo.jpg", |n| n == "photo-2.jpg"), "photo-3.jpg");
    }
}
