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
    let mut resizer = Resizer::new();
    sizes.iter().map(|size| encode(&resize(&mut resizer, &picture, size)?, size.format)).collect()
}

/// The pixels of `bytes` at `size`, without encoding them.
pub fn pixels(bytes: &[u8], probe: &Probe, size: &Size) -> Result<DynamicImage, Refusal> {
    resize(&mut Resizer::new(), &decode(bytes, probe)?, size)
}

/// `picture` at `size`, cut to its shape when that differs.
fn resize(resizer: &mut Resizer, picture: &DynamicImage, size: &Size) -> Result<DynamicImage, Refusal> {
    if (size.width, size.height) == (picture.width(), picture.height()) {
        return Ok(picture.clone());
    }
    let mut target = if picture.color().has_alpha() {
        DynamicImage::ImageRgba8(image::RgbaImage::new(size.width, size.height))
    } else {
        DynamicImage::ImageRgb8(image::RgbImage::new(size.width, size.height))
    };
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    let options = match cut(picture.width(), picture.height(), size) {
        Some((left, top, width, height)) => options.crop(left, top, width, height),
        None => options,
    };
    resizer.resize(picture, &mut target, &options).map_err(|_| Refusal::Damaged)?;
    Ok(target)
}

/// The part of a `width` × `height` picture a copy of another shape shows, as `(left, top, width,
/// height)`: all of its height and the middle of its width when the copy is wider, all of its
/// width when taller, from a third of the way down (where faces are in a portrait). `None` when
/// the copy has the picture's shape.
fn cut(width: u32, height: u32, size: &Size) -> Option<(f64, f64, f64, f64)> {
    let (w, h) = (f64::from(width), f64::from(height));
    // a copy scaled from the whole picture is within a pixel of this height
    if (h * f64::from(size.width) / w - f64::from(size.height)).abs() <= 1.0 {
        return None;
    }
    let (wanted, shape) = (f64::from(size.width) / f64::from(size.height), w / h);
    Some(if shape > wanted {
        let cut = h * wanted;
        ((w - cut) / 2.0, 0.0, cut, h)
    } else {
        let cut = w / wanted;
        (0.0, (h - cut) / 3.0, w, cut)
    })
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
    // eight bits a channel, with alpha only when the picture has it
    Ok(if picture.color().has_alpha() {
        DynamicImage::ImageRgba8(picture.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(picture.into_rgb8())
    })
}

/// `pixels` encoded as `format`, a PNG compressed as small as it goes.
pub fn encode(pixels: &DynamicImage, format: Format) -> Result<Vec<u8>, Refusal> {
    encode_with(pixels, format, image::codecs::png::CompressionType::Best)
}

/// `pixels` of flat colour (a drawn card) encoded as `format`: a PNG compressed quickly, which
/// for flat colour costs a few per cent in bytes and saves most of the time.
pub fn encode_flat(pixels: &DynamicImage, format: Format) -> Result<Vec<u8>, Refusal> {
    encode_with(pixels, format, image::codecs::png::CompressionType::Fast)
}

fn encode_with(
    pixels: &DynamicImage,
    format: Format,
    compression: image::codecs::png::CompressionType,
) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            pixels.to_rgb8().write_with_encoder(encoder).map_err(|_| Refusal::Damaged)?;
        }
        Format::Png => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                compression,
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
