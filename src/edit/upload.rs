//! A photo uploaded from a form: what kind of picture its bytes really are, asked of the image
//! pipeline (`images::probe`, the reading the build makes), and the safe name it gets in
//! `static/images/` — lower case, made of its own words, with the extension of its real type.
//! Making its copies (sizes, formats) is the pipeline's job at build time.

use crate::content::slug::slugify;

/// The largest picture accepted, in bytes.
pub const MAX_PICTURE: usize = 10 * 1024 * 1024;

/// What the picture in `bytes` is, by the image pipeline's own reading of it (never what its
/// name or the browser claims): the extension it is saved with, or, refused, what is wrong and
/// how to fix it, in the words the build would use.
pub fn kind_of(bytes: &[u8]) -> Result<&'static str, (String, String)> {
    crate::images::probe::probe(bytes).map(|probe| probe.format.extension()).map_err(|refusal| refusal.explain())
}

/// The name a picture is saved under: its name's words as a slug, and the extension of what
/// it really is (`Jo's Photo.JPEG` → `jo-s-photo.jpg`).
pub fn safe_name(name: &str, extension: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match name.rsplit_once('.') {
        Some((stem, ext)) if PICTURE_EXTENSIONS.iter().any(|known| ext.eq_ignore_ascii_case(known)) => stem,
        _ => name,
    };
    let mut slug = slugify(stem);
    slug.truncate(80);
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "photo" } else { slug };
    format!("{slug}.{extension}")
}

/// Extensions a picture's name may end in, left off before the real one is added.
const PICTURE_EXTENSIONS: [&str; 9] = ["jpg", "jpeg", "png", "webp", "gif", "avif", "heic", "heif", "tif"];

/// A name beside `name` that `taken` does not hold: `photo-2.jpg`, `photo-3.jpg`…
pub fn free_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..).map(|n| format!("{stem}-{n}.{extension}")).find(|candidate| !taken(candidate)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytes_decide_what_a_picture_is() {
        let mut png = Vec::new();
        image::RgbImage::new(2, 1)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("a png");
        assert_eq!(kind_of(&png), Ok("png"));
        let svg = kind_of(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>").expect_err("refused");
        assert!(svg.0.contains("SVG"), "{svg:?}");
        assert!(kind_of(b"MZ\x90\0 an executable").is_err());
        assert!(kind_of(b"\0\0\0\x18ftypheic").expect_err("heic").0.contains("HEIC"));
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
