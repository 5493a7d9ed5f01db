//! A picture published as it is, less its metadata: the segments or chunks that hold EXIF (where
//! and when a photo was taken, the camera's serial number), XMP, IPTC and comments are left out,
//! and the picture data is copied byte for byte, so nothing is lost to encoding again. Colour
//! profiles stay: without them some photos show with the wrong colours.

use super::probe::Format;

/// `bytes` without their metadata, or `None` when their structure is not the one expected (the
/// caller then draws the picture again from its pixels, which keeps no metadata either).
pub fn without_metadata(bytes: &[u8], format: Format) -> Option<Vec<u8>> {
    match format {
        Format::Jpeg => jpeg(bytes),
        Format::Png => png(bytes),
        Format::Webp => webp(bytes),
    }
}

/// JPEG: the segments before the picture data, less APP1 (EXIF, XMP), APP13 (IPTC) and COM.
fn jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = bytes[..2].to_vec();
    let mut at = 2;
    loop {
        let &[0xFF, marker] = bytes.get(at..at + 2)? else { return None };
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if marker == 0xDA {
            // the picture data, to the end
            out.extend_from_slice(&bytes[at..]);
            return Some(out);
        }
        let length = usize::from(u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]));
        let segment = bytes.get(at..at + 2 + length)?;
        if !matches!(marker, 0xE1 | 0xED | 0xFE) {
            out.extend_from_slice(segment);
        }
        at += 2 + length;
    }
}

/// PNG: the chunks, less text, EXIF and time.
fn png(bytes: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = SIGNATURE.to_vec();
    let mut at = SIGNATURE.len();
    while at < bytes.len() {
        let length = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        let chunk = bytes.get(at..at + 12 + length)?;
        if ![&b"tEXt"[..], b"zTXt", b"iTXt", b"eXIf", b"tIME"].contains(&kind) {
            out.extend_from_slice(chunk);
        }
        at += 12 + length;
        if kind == b"IEND" {
            return Some(out);
        }
    }
    None
}

/// WebP: the RIFF chunks, less EXIF and XMP, with the extended header's flags for them cleared.
fn webp(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..12)? != b"WEBP" {
        return None;
    }
    let mut chunks = Vec::new();
    let mut at = 12;
    while at < bytes.len() {
        let kind = bytes.get(at..at + 4)?;
        let length = u32::from_le_bytes(bytes.get(at + 4..at + 8)?.try_into().ok()?) as usize;
        // chunks are padded to an even length
        let end = (at + 8 + length + (length & 1)).min(bytes.len());
        let mut chunk = bytes.get(at..end)?.to_vec();
        if kind == b"VP8X" {
            // flags: bit 3 EXIF, bit 2 XMP
            *chunk.get_mut(8)? &= !0b0000_1100;
        }
        if kind != b"EXIF" && kind != b"XMP " {
            chunks.extend(chunk);
        }
        at = end;
    }
    let mut out = b"RIFF".to_vec();
    out.extend(u32::try_from(chunks.len() + 4).ok()?.to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend(chunks);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jpeg_keeps_its_picture_and_loses_its_exif_and_comment() {
        let mut plain = Vec::new();
        image::RgbImage::new(8, 8)
            .write_to(&mut std::io::Cursor::new(&mut plain), image::ImageFormat::Jpeg)
            .expect("encode");
        let exif = [&[0xFF, 0xE1, 0, 14][..], b"Exif\0\0II*\0\x08\0"].concat();
        let comment = [&[0xFF, 0xFE, 0, 7][..], b"hello"].concat();
        let tagged = [&plain[..2], &exif, &comment, &plain[2..]].concat();
        assert_eq!(without_metadata(&tagged, Format::Jpeg), Some(plain));
    }

    #[test]
    fn a_png_loses_its_text() {
        let mut plain = Vec::new();
        image::RgbImage::new(4, 4)
            .write_to(&mut std::io::Cursor::new(&mut plain), image::ImageFormat::Png)
            .expect("encode");
        let text = b"Author\0Maria";
        let mut chunk = (text.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(b"tEXt");
        chunk.extend_from_slice(text);
        chunk.extend(crc32fast::hash(&chunk[4..]).to_be_bytes());
        // after the 8-byte signature and the 25-byte IHDR chunk
        let tagged = [&plain[..33], &chunk, &plain[33..]].concat();
        assert_eq!(without_metadata(&tagged, Format::Png), Some(plain));
    }

    #[test]
    fn what_is_cut_short_is_left_to_the_encoder() {
        assert_eq!(without_metadata(&[0xFF, 0xD8, 0xFF, 0xE1, 0, 200, 1, 2], Format::Jpeg), None);
        assert_eq!(without_metadata(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", Format::Png), None);
    }
}
