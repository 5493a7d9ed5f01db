//! Making the copies of one picture: decoded once, turned upright from its EXIF orientation,
//! resized to each width and encoded. Encoding from pixels leaves every piece of metadata behind
//! (a phone photo's EXIF holds where it was taken).

use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::probe::{Format, MAX_PIXELS, Probe, Refusal};

/// JPEG quality for photos: sharp on a phone, a third of the bytes of quality 95.
const JPEG_QUALITY: u8 = 80;
/// WebP quality: about the look of the JPEG at fewer bytes.
const WEBP_QUALITY: f32 = 78.0;

/// One copy to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Size {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// How it is encoded.
    pub format: Format,
}

/// Decodes `bytes` (probed as `probe`) once and makes each copy in `sizes`, in order.
pub fn make(bytes: &[u8], probe: &Probe, sizes: &[Size]) -> Result<Vec<Vec<u8>>, Refusal> {
    let picture = decode(bytes, probe)?;
    let alpha = picture.color().has_alpha();
    let picture = if alpha {
        DynamicImage::ImageRgba8(picture.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(picture.into_rgb8())
    };
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    let mut made = Vec::with_capacity(sizes.len());
    for size in sizes {
        let resized;
        let pixels = if (size.width, size.height) == (picture.width(), picture.height()) {
            &picture
        } else {
            let mut target = if alpha {
                DynamicImage::ImageRgba8(image::RgbaImage::new(size.width, size.height))
            } else {
                DynamicImage::ImageRgb8(image::RgbImage::new(size.width, size.height))
            };
            resizer.resize(&picture, &mut target, &options).map_err(|_| Refusal::Damaged)?;
            resized = target;
            &resized
        };
        made.push(encode(pixels, size.format)?);
    }
    Ok(made)
}

/// The pixels of `bytes`, upright.
fn decode(bytes: &[u8], probe: &Probe) -> Result<DynamicImage, Refusal> {
    let format = match probe.format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::Webp => image::ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    // the probe refused anything larger; this holds even if a header lied to it
    limits.max_alloc = Some(MAX_PIXELS * 4 + (1 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| Refusal::Damaged)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| Refusal::Damaged)?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

fn encode(pixels: &DynamicImage, format: Format) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            pixels.to_rgb8().write_with_encoder(encoder).map_err(|_| Refusal::Damaged)?;
        }
        Format::Png => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Best,
                image::codecs::png::FilterType::Adaptive,
            );
            pixels.write_with_encoder(encoder).map_err(|_| Refusal::Damaged)?;
        }
        Format::Webp => {
            let (width, height) = (pixels.width(), pixels.height());
            let memory = match pixels {
                DynamicImage::ImageRgba8(rgba) => {
                    webp::Encoder::from_rgba(rgba.as_raw(), width, height).encode(WEBP_QUALITY)
                }
                other => {
                    let rgb = other.to_rgb8();
                    webp::Encoder::from_rgb(rgb.as_raw(), width, height).encode(WEBP_QUALITY)
                }
            };
            out.extend_from_slice(&memory);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_made_at_each_size_and_format() {
        let mut source = Vec::new();
        image::RgbImage::from_fn(40, 20, |x, _| image::Rgb([x as u8 * 6, 90, 200]))
            .write_to(&mut Cursor::new(&mut source), image::ImageFormat::Png)
            .expect("encode");
        let probe = super::super::probe::probe(&source).expect("probe");
        let sizes = [
            Size { width: 20, height: 10, format: Format::Webp },
            Size { width: 40, height: 20, format: Format::Jpeg },
            Size { width: 20, height: 10, format: Format::Png },
        ];
        let made = make(&source, &probe, &sizes).expect("made");
        for (bytes, size) in made.iter().zip(&sizes) {
            let back = image::load_from_memory(bytes).expect("readable");
            assert_eq!((back.width(), back.height()), (size.width, size.height));
            assert_eq!(super::super::probe::probe(bytes).expect("probe").format, size.format);
        }
    }
}
