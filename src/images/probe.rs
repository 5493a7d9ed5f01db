//! What a picture is, read from its first bytes without decoding it: its format, its size turned
//! upright by its EXIF orientation, and a hash of its bytes. Everything Shingle refuses (not a
//! picture, a HEIC photo, a format browsers cannot show, one too big to decode safely) is said
//! here, before any decoding.

use std::io::Cursor;

use image::{ImageDecoder, ImageFormat, ImageReader};

/// The most pixels Shingle decodes in one picture: a 64-megapixel phone photo, and well above
/// what a page needs. A larger one is refused before decoding (a "decompression bomb" of a few
/// kilobytes can claim billions of pixels).
pub const MAX_PIXELS: u64 = 64_000_000;

/// The formats Shingle turns into smaller copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// JPEG: photos.
    Jpeg,
    /// PNG: logos, screenshots, anything with transparency.
    Png,
    /// WebP.
    Webp,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    /// The media type, for `<source type>`.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }

    fn of(format: ImageFormat) -> Option<Format> {
        match format {
            ImageFormat::Jpeg => Some(Format::Jpeg),
            ImageFormat::Png => Some(Format::Png),
            ImageFormat::WebP => Some(Format::Webp),
            _ => None,
        }
    }
}

/// A picture, as far as its header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// Its format.
    pub format: Format,
    /// Width once upright, in pixels.
    pub width: u32,
    /// Height once upright, in pixels.
    pub height: u32,
    /// Whether its EXIF orientation turns or flips it (so it must be drawn again upright).
    pub turned: bool,
    /// A hash of its bytes, which names its copies.
    pub hash: u64,
}

/// Why a file cannot be published as a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The bytes are no picture at all (`what` says what they look like, when known).
    NotAPicture { what: Option<&'static str> },
    /// A HEIC or HEIF photo, the iPhone's own format, which browsers do not show.
    Heic,
    /// A picture format browsers do not show (TIFF, BMP, PSD…).
    Unsupported { name: &'static str },
    /// More pixels than [`MAX_PIXELS`].
    TooBig { width: u32, height: u32 },
    /// The picture stops before its end, or its data is damaged.
    Damaged,
}

impl Refusal {
    /// What is wrong, in plain words, and how to fix it.
    pub fn explain(&self) -> (String, String) {
        match self {
            Refusal::NotAPicture { what } => (
                match what {
                    Some(what) => format!("this file is named like a picture, but it is {what}"),
                    None => "this file is named like a picture, but its contents are not one".to_string(),
                },
                "save the picture itself again as JPEG or PNG, or give the file the right name".to_string(),
            ),
            Refusal::Heic => (
                "this is a HEIC photo (the iPhone's own format), which web browsers cannot show".to_string(),
                "save it as JPEG: on a Mac, open it in Preview and choose File > Export, Format: JPEG; \
                 on an iPhone, Settings > Camera > Formats > Most Compatible makes new photos JPEG"
                    .to_string(),
            ),
            Refusal::Unsupported { name } => (
                format!("this is a {name} picture, which web browsers cannot show"),
                "save it as JPEG (photos) or PNG (logos and screenshots)".to_string(),
            ),
            Refusal::TooBig { width, height } => (
                format!(
                    "this picture is {width}×{height} pixels ({} megapixels); Shingle reads pictures of up to {} megapixels",
                    (u64::from(*width) * u64::from(*height)) / 1_000_000,
                    MAX_PIXELS / 1_000_000
                ),
                "make it smaller before adding it: 2,500 pixels across is plenty for any web page".to_string(),
            ),
            Refusal::Damaged => (
                "this picture is damaged or was only partly saved".to_string(),
                "save or export it again, and check that it opens on your computer".to_string(),
            ),
        }
    }
}

/// Reads what `bytes` are, by their contents rather than their name.
pub fn probe(bytes: &[u8]) -> Result<Probe, Refusal> {
    if is_heic(bytes) {
        return Err(Refusal::Heic);
    }
    let format = match image::guess_format(bytes) {
        Ok(format) => format,
        Err(_) => return Err(Refusal::NotAPicture { what: looks_like(bytes) }),
    };
    let Some(ours) = Format::of(format) else {
        return Err(match format {
            ImageFormat::Tiff => Refusal::Unsupported { name: "TIFF" },
            ImageFormat::Bmp => Refusal::Unsupported { name: "BMP" },
            ImageFormat::Avif => Refusal::Unsupported { name: "AVIF" },
            _ => Refusal::Unsupported { name: "rare" },
        });
    };
    let reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder = reader.into_decoder().map_err(|_| Refusal::Damaged)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refusal::TooBig { width, height });
    }
    if width == 0 || height == 0 || (ours == Format::Jpeg && !jpeg_is_whole(bytes)) {
        return Err(Refusal::Damaged);
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let turned = orientation != image::metadata::Orientation::NoTransforms;
    let sideways = matches!(
        orientation,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    let (width, height) = if sideways { (height, width) } else { (width, height) };
    Ok(Probe { format: ours, width, height, turned, hash: xxhash_rust::xxh3::xxh3_64(bytes) })
}

/// Whether a JPEG's picture data ends with its end marker: decoders fill a file cut short with
/// grey rather than fail, so a photo half-uploaded would be published half grey. The segments
/// before the picture data are stepped over by their lengths (an EXIF thumbnail holds markers of
/// its own); data after the end marker, which some phones add, is allowed.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let mut at = 2;
    while let Some(&[0xFF, marker, high, low]) = bytes.get(at..at + 4) {
        match marker {
            // padding before a marker
            0xFF => at += 1,
            // start of scan: the picture data follows; its end marker must come
            0xDA => return bytes[at..].windows(2).rev().any(|pair| pair == [0xFF, 0xD9]),
            _ => at += 2 + usize::from(u16::from_be_bytes([high, low])),
        }
    }
    false
}

/// An ISO media file whose brand is one of HEIF's (`ftypheic`, `ftypmif1`…).
fn is_heic(bytes: &[u8]) -> bool {
    bytes.get(4..8) == Some(b"ftyp")
        && bytes
            .get(8..12)
            .is_some_and(|brand| [&b"heic"[..], b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"].contains(&brand))
}

/// What bytes that are no picture look like, for the message.
fn looks_like(bytes: &[u8]) -> Option<&'static str> {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).trim_start().to_ascii_lowercase();
    if bytes.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some("a zip archive (or a Word or Pages document)")
    } else if bytes.is_empty() {
        Some("empty")
    } else if start.starts_with("<!doctype html") || start.starts_with("<html") {
        Some("a web page (perhaps saved from a browser in place of the picture)")
    } else if start.starts_with("<svg") || (start.starts_with("<?xml") && start.contains("<svg")) {
        Some("an SVG drawing (name it .svg)")
    } else if std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok() {
        Some("text")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::RgbImage::new(width, height).write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).expect("encode");
        bytes
    }

    #[test]
    fn a_picture_is_read_by_its_contents() {
        let probe = probe(&png(30, 20)).expect("a png");
        assert_eq!((probe.format, probe.width, probe.height, probe.turned), (Format::Png, 30, 20, false));
    }

    #[test]
    fn what_is_not_a_picture_is_named() {
        assert_eq!(probe(b"%PDF-1.7 ..."), Err(Refusal::NotAPicture { what: Some("a PDF document") }));
        let page =
            Refusal::NotAPicture { what: Some("a web page (perhaps saved from a browser in place of the picture)") };
        assert_eq!(probe(b"\n<!DOCTYPE html><html>oops</html>"), Err(page));
        assert_eq!(
            probe(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(Refusal::NotAPicture { what: Some("an SVG drawing (name it .svg)") })
        );
        assert_eq!(probe(b"just some words"), Err(Refusal::NotAPicture { what: Some("text") }));
        let heic = [&[0, 0, 0, 24][..], b"ftypheic", &[0; 12]].concat();
        assert_eq!(probe(&heic), Err(Refusal::Heic));
        assert_eq!(probe(b"II*\0\x08\0\0\0"), Err(Refusal::Unsupported { name: "TIFF" }));
    }

    #[test]
    fn a_jpeg_cut_short_is_damaged_but_one_with_bytes_after_its_end_is_whole() {
        let mut jpeg = Vec::new();
        image::RgbImage::new(64, 48).write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg).expect("encode");
        assert!(probe(&jpeg).is_ok());
        assert_eq!(probe(&jpeg[..jpeg.len() - 10]), Err(Refusal::Damaged));
        let trailed = [&jpeg[..], b"phone's own data"].concat();
        assert!(probe(&trailed).is_ok());
    }

    #[test]
    fn a_huge_picture_is_refused_from_its_header() {
        // a PNG header claiming 20,000 × 20,000 pixels, with no pixels behind it
        let mut header = png(1, 1);
        header[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        header[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = crc32fast::hash(&header[12..29]);
        header[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(probe(&header), Err(Refusal::TooBig { width: 20_000, height: 20_000 }));
    }
}
