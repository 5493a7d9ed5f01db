//! The link preview Shingle draws for a page without a cover: 1200 × 630, the site's name in its
//! accent colour, the page's title large, the site's address, and her photo in a circle when the
//! site has one. Set in Inter (SIL Open Font License, `fonts/OFL-Inter.txt`), compiled in, so a
//! card looks the same on every machine.

use std::sync::LazyLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use image::{Rgb, RgbImage};

use crate::colour::{self, Direction};

const BOLD: &[u8] = include_bytes!("fonts/Inter-700Bold.ttf");
const MEDIUM: &[u8] = include_bytes!("fonts/Inter-500Medium.ttf");

static FONTS: LazyLock<Option<(FontRef<'static>, FontRef<'static>)>> =
    LazyLock::new(|| Some((FontRef::try_from_slice(BOLD).ok()?, FontRef::try_from_slice(MEDIUM).ok()?)));

/// Changes whenever the drawing does, so cached cards of an older Shingle are not reused.
pub const LOOK: u64 = 1;

/// The card's paper.
const PAPER: colour::Rgb = colour::Rgb { r: 0xfb, g: 0xf8, b: 0xf3 };
/// The title's ink.
const INK: colour::Rgb = colour::Rgb { r: 0x22, g: 0x1f, b: 0x1c };
/// The address's ink.
const QUIET: colour::Rgb = colour::Rgb { r: 0x5c, g: 0x56, b: 0x50 };

/// What one card says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The site's name.
    pub site: String,
    /// The page's title.
    pub title: String,
    /// The site's address, without `https://`.
    pub address: String,
    /// The accent colour.
    pub accent: colour::Rgb,
}

/// The size of a card.
pub const SIZE: (u32, u32) = (1200, 630);

/// How wide her photo's circle is.
pub const PHOTO: u32 = 340;

/// Draws `card`, with `photo` (a square of [`PHOTO`] pixels) in a circle on the right.
pub fn draw(card: &Card, photo: Option<&RgbImage>) -> RgbImage {
    let (width, height) = SIZE;
    let mut pixels = RgbImage::from_pixel(width, height, rgb(PAPER));
    let accent = card.accent.readable_on(&[PAPER], Direction::Darker, colour::AA_TEXT).unwrap_or(INK);
    for y in 0..height {
        for x in 0..28 {
            pixels.put_pixel(x, y, rgb(accent));
        }
    }
    let Some((bold, medium)) = FONTS.as_ref() else { return pixels };
    let left = 96.0;
    let text_width = if photo.is_some() { 1200.0 - left - PHOTO as f32 - 140.0 } else { 1200.0 - left - 96.0 };
    write(&mut pixels, medium, 34.0, &card.site, left, 118.0, accent);
    // the title as large as fits in three lines
    let (size, lines) = [68.0, 58.0, 50.0, 44.0]
        .into_iter()
        .map(|size| (size, wrap(bold, size, &card.title, text_width)))
        .find(|(_, lines)| lines.len() <= 3)
        .unwrap_or_else(|| {
            let mut lines = wrap(bold, 44.0, &card.title, text_width);
            lines.truncate(4);
            if let Some(last) = lines.last_mut() {
                *last = format!("{}…", last.trim_end_matches([',', ';', ':', '.', ' ']));
            }
            (44.0, lines)
        });
    let leading = size * 1.18;
    let block = leading * lines.len() as f32;
    let top = 330.0 - block / 2.0 + size * 0.8;
    for (i, line) in lines.iter().enumerate() {
        write(&mut pixels, bold, size, line, left, top + leading * i as f32, INK);
    }
    write(&mut pixels, medium, 30.0, &card.address, left, 556.0, QUIET);
    if let Some(photo) = photo {
        circle(&mut pixels, photo, 1200 - 96 - PHOTO, (height - PHOTO) / 2, accent);
    }
    pixels
}

fn rgb(colour: colour::Rgb) -> Rgb<u8> {
    Rgb([colour.r, colour.g, colour.b])
}

/// The glyphs of `text` at `size`, each with its left edge.
fn layout(font: &FontRef<'static>, size: f32, text: &str) -> (Vec<(GlyphId, f32)>, f32) {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut x = 0.0;
    let mut last = None;
    let mut glyphs = Vec::new();
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(last) = last {
            x += scaled.kern(last, id);
        }
        glyphs.push((id, x));
        x += scaled.h_advance(id);
        last = Some(id);
    }
    (glyphs, x)
}

/// `text` in lines no wider than `width`, broken between words.
fn wrap(font: &FontRef<'static>, size: f32, text: &str, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let tried = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if layout(font, size, &tried).1 <= width || line.is_empty() {
            line = tried;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes `text` with its baseline at `baseline`, blending each glyph's coverage into the paper.
fn write(
    pixels: &mut RgbImage,
    font: &FontRef<'static>,
    size: f32,
    text: &str,
    left: f32,
    baseline: f32,
    ink: colour::Rgb,
) {
    let (glyphs, _) = layout(font, size, text);
    let (width, height) = pixels.dimensions();
    for (id, x) in glyphs {
        let glyph = id.with_scale_and_position(PxScale::from(size), point(left + x, baseline));
        let Some(outline) = font.outline_glyph(glyph) else { continue };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let (px, py) = (bounds.min.x as i64 + i64::from(gx), bounds.min.y as i64 + i64::from(gy));
            if (0..i64::from(width)).contains(&px) && (0..i64::from(height)).contains(&py) {
                let pixel = pixels.get_pixel_mut(px as u32, py as u32);
                let under = colour::Rgb { r: pixel[0], g: pixel[1], b: pixel[2] };
                *pixel = rgb(under.mix(ink, f64::from(coverage.clamp(0.0, 1.0))));
            }
        });
    }
}

/// Puts the square `photo` at (`left`, `top`) inside a circle with an accent ring, its edge
/// smoothed over a pixel.
fn circle(pixels: &mut RgbImage, photo: &RgbImage, left: u32, top: u32, ring: colour::Rgb) {
    let size = photo.width();
    let radius = size as f32 / 2.0;
    for y in 0..size {
        for x in 0..size {
            let (dx, dy) = (x as f32 + 0.5 - radius, y as f32 + 0.5 - radius);
            let distance = (dx * dx + dy * dy).sqrt();
            let (px, py) = (left + x, top + y);
            let under = pixels.get_pixel(px, py);
            let under = colour::Rgb { r: under[0], g: under[1], b: under[2] };
            let seen = photo.get_pixel(x, y);
            let seen = colour::Rgb { r: seen[0], g: seen[1], b: seen[2] };
            // the photo inside, a ring of 8 pixels around it, the paper outside
            let inside = (radius - 8.0 - distance + 0.5).clamp(0.0, 1.0);
            let on_ring = (radius - distance + 0.5).clamp(0.0, 1.0);
            let painted = under.mix(ring, f64::from(on_ring)).mix(seen, f64::from(inside));
            pixels.put_pixel(px, py, rgb(painted));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str) -> Card {
        Card {
            site: "Kestrel Desk".into(),
            title: title.into(),
            address: "kestreldesk.example".into(),
            accent: colour::Rgb { r: 0x8c, g: 0x3f, b: 0x1d },
        }
    }

    #[test]
    fn the_title_is_written_in_ink_and_the_edge_in_the_accent() {
        let pixels = draw(&card("Inbox management"), None);
        assert_eq!(pixels.dimensions(), SIZE);
        assert_eq!(pixels.get_pixel(10, 300), &Rgb([0x8c, 0x3f, 0x1d]));
        let inked = (96..700)
            .flat_map(|x| (250..400).map(move |y| (x, y)))
            .filter(|&(x, y)| pixels.get_pixel(x, y) == &rgb(INK));
        assert!(inked.count() > 2_000, "the title's strokes are solid ink");
    }

    #[test]
    fn a_long_title_wraps_into_at_most_four_lines() {
        let font = &FONTS.as_ref().expect("fonts").0;
        let long = "How I took a joinery firm's paperwork from three generations of boxes to one shared drive, \
                    one password manager and clean books in a month, with a proper induction for new starters";
        let lines = wrap(font, 44.0, long, 600.0);
        assert!(lines.len() > 4, "{lines:?}");
        assert!(lines.iter().all(|line| layout(font, 44.0, line).1 <= 600.0));
        // it still draws, cut short
        draw(&card(long), None);
    }

    #[test]
    fn her_photo_sits_in_a_ring() {
        let photo = RgbImage::from_pixel(PHOTO, PHOTO, Rgb([10, 200, 10]));
        let pixels = draw(&card("About"), Some(&photo));
        let centre = (1200 - 96 - PHOTO / 2, 315);
        assert_eq!(pixels.get_pixel(centre.0, centre.1), &Rgb([10, 200, 10]));
        assert_eq!(pixels.get_pixel(centre.0, centre.1 - PHOTO / 2 + 3), &Rgb([0x8c, 0x3f, 0x1d]), "the ring");
        assert_eq!(pixels.get_pixel(1200 - 96 - PHOTO + 2, 315 - PHOTO / 2 + 2), &rgb(PAPER), "a corner stays paper");
    }
}
