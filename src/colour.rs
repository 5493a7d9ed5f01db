//! Colours as a site writes them (`#1f6f78`, `rgb(31 111 120)`, `hsl(186 59% 30%)`, `teal`) and
//! the WCAG 2 contrast maths Shingle uses to keep every text colour a theme derives readable.
//! Pure functions: which colours a theme derives, and from which options, is `load::option_values`'s.

use std::fmt;

/// The contrast WCAG 2 level AA asks of body text (large text and interface parts need 3:1).
pub const AA_TEXT: f64 = 4.5;

/// An opaque colour in sRGB, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

/// White.
pub const WHITE: Rgb = Rgb { r: 255, g: 255, b: 255 };
/// Black.
pub const BLACK: Rgb = Rgb { r: 0, g: 0, b: 0 };

/// Which way to move a colour's lightness until it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Towards black, for light surfaces.
    Darker,
    /// Towards white, for dark surfaces.
    Lighter,
}

/// Why a text is not a colour Shingle can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColourProblem {
    /// Hex digits without the `#` in front: the colour it would be, written right.
    NoHash(String),
    /// A colour that lets the page show through (`#0000ff80`, `rgb(0 0 255 / 50%)`, `transparent`):
    /// its contrast depends on what is behind it. The opaque colour, written right, if there is one.
    Transparent(Option<String>),
    /// Not a colour at all; the colour name it is closest to, if any.
    Unknown(Option<&'static str>),
}

impl Rgb {
    /// The colour as `#rrggbb`, the one form Shingle writes.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Relative luminance as WCAG 2 defines it: 0 for black, 1 for white.
    pub fn luminance(self) -> f64 {
        fn linear(channel: u8) -> f64 {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        }
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// The contrast ratio of two colours, from 1 (the same) to 21 (black and white).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// The colour `amount` of the way (0 to 1) towards `other`, mixed in sRGB as CSS `color-mix()`
    /// does, each channel rounded.
    pub fn mix(self, other: Rgb, amount: f64) -> Rgb {
        let channel = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
        Rgb { r: channel(self.r, other.r), g: channel(self.g, other.g), b: channel(self.b, other.b) }
    }

    /// This colour if its contrast with every one of `surfaces` is at least `ratio`; otherwise
    /// the first shade of it, with the same hue and saturation and a lightness one percent
    /// lower (`Darker`) or higher (`Lighter`) at a time, that has it. `None` when not even black
    /// or white has it.
    pub fn readable_on(self, surfaces: &[Rgb], direction: Direction, ratio: f64) -> Option<Rgb> {
        let reads = |shade: &Rgb| surfaces.iter().all(|surface| shade.contrast(*surface) >= ratio);
        if reads(&self) {
            return Some(self);
        }
        let (hue, saturation, lightness) = self.hsl();
        let start = (lightness * 100.0).round() as i32;
        let steps: Vec<i32> = match direction {
            Direction::Darker => (0..start).rev().collect(),
            Direction::Lighter => (start + 1..=100).collect(),
        };
        steps.into_iter().map(|l| hsl(hue, saturation, f64::from(l) / 100.0)).find(reads)
    }

    /// Hue in degrees, saturation and lightness from 0 to 1.
    pub fn hsl(self) -> (f64, f64, f64) {
        let [r, g, b] = [self.r, self.g, self.b].map(|c| f64::from(c) / 255.0);
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let lightness = (max + min) / 2.0;
        let chroma = max - min;
        if chroma == 0.0 {
            return (0.0, 0.0, lightness);
        }
        let saturation = chroma / (1.0 - (2.0 * lightness - 1.0).abs());
        let hue = if max == r {
            60.0 * ((g - b) / chroma).rem_euclid(6.0)
        } else if max == g {
            60.0 * ((b - r) / chroma + 2.0)
        } else {
            60.0 * ((r - g) / chroma + 4.0)
        };
        (hue, saturation, lightness)
    }

    /// The first of `candidates` that reads on this colour at `ratio`.
    pub fn text_on(self, candidates: &[Rgb], ratio: f64) -> Option<Rgb> {
        candidates.iter().copied().find(|text| text.contrast(self) >= ratio)
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

/// Reads a CSS colour: `#rgb`, `#rrggbb`, `rgb()`, `hsl()` or one of the CSS colour names.
/// Transparent colours are refused: their contrast cannot be known.
pub fn parse(text: &str) -> Result<Rgb, ColourProblem> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    if let Some(digits) = lower.strip_prefix('#') {
        return match hex(digits) {
            Some((colour, true)) => Ok(colour),
            Some((colour, false)) => Err(ColourProblem::Transparent(Some(colour.hex()))),
            None => Err(ColourProblem::Unknown(None)),
        };
    }
    // three decimal digits alone are more likely a number than a colour
    let number = lower.len() == 3 && lower.chars().all(|c| c.is_ascii_digit());
    if let Some((colour, _)) = hex(&lower).filter(|_| !number) {
        return Err(ColourProblem::NoHash(colour.hex()));
    }
    if let Some((name, args)) = lower.split_once('(') {
        let args = args.strip_suffix(')').ok_or(ColourProblem::Unknown(None))?;
        return function(name.trim(), args);
    }
    if lower == "transparent" {
        return Err(ColourProblem::Transparent(None));
    }
    match NAMED.binary_search_by(|(name, _)| name.cmp(&lower.as_str())) {
        Ok(i) => Ok(from_u32(NAMED[i].1)),
        Err(_) => Err(ColourProblem::Unknown(crate::error::did_you_mean(&lower, NAMED.iter().map(|(n, _)| *n)))),
    }
}

/// `rrggbb` or `rgb`, with or without an alpha pair or digit; true when it is fully opaque.
fn hex(digits: &str) -> Option<(Rgb, bool)> {
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let long = |d: &str| u32::from_str_radix(d, 16).ok().map(from_u32);
    let short = |d: &str| {
        let mut value = 0;
        for c in d.chars() {
            value = (value << 8) | (c.to_digit(16)? * 17);
        }
        Some(from_u32(value))
    };
    match digits.len() {
        3 => short(digits).map(|c| (c, true)),
        6 => long(digits).map(|c| (c, true)),
        4 => short(&digits[..3]).map(|c| (c, digits.ends_with('f'))),
        8 => long(&digits[..6]).map(|c| (c, digits.ends_with("ff"))),
        _ => None,
    }
}

fn from_u32(value: u32) -> Rgb {
    Rgb { r: (value >> 16) as u8, g: (value >> 8) as u8, b: value as u8 }
}

/// `rgb(…)`, `rgba(…)`, `hsl(…)`, `hsla(…)`, with commas or spaces and an optional `/ alpha`.
fn function(name: &str, args: &str) -> Result<Rgb, ColourProblem> {
    let (args, alpha) = match args.split_once('/') {
        Some((args, alpha)) => (args, Some(alpha.trim())),
        None => (args, None),
    };
    let mut parts: Vec<&str> = args.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let alpha = match (alpha, parts.len()) {
        (Some(alpha), 3) => Some(alpha),
        (None, 4) => parts.pop(),
        (None, 3) => None,
        _ => return Err(ColourProblem::Unknown(None)),
    };
    let colour = match name {
        "rgb" | "rgba" => {
            let channel = |part: &str| -> Option<u8> {
                let value = match part.strip_suffix('%') {
                    Some(percent) => percent.parse::<f64>().ok()? * 2.55,
                    None => part.parse::<f64>().ok()?,
                };
                (0.0..=255.0).contains(&value).then(|| value.round() as u8)
            };
            match (channel(parts[0]), channel(parts[1]), channel(parts[2])) {
                (Some(r), Some(g), Some(b)) => Rgb { r, g, b },
                _ => return Err(ColourProblem::Unknown(None)),
            }
        }
        "hsl" | "hsla" => {
            let hue = parts[0].trim_end_matches("deg").parse::<f64>().ok();
            let percent = |part: &str| {
                part.strip_suffix('%').unwrap_or(part).parse::<f64>().ok().filter(|v| (0.0..=100.0).contains(v))
            };
            match (hue, percent(parts[1]), percent(parts[2])) {
                (Some(h), Some(s), Some(l)) => hsl(h, s / 100.0, l / 100.0),
                _ => return Err(ColourProblem::Unknown(None)),
            }
        }
        _ => return Err(ColourProblem::Unknown(None)),
    };
    match alpha {
        None => Ok(colour),
        Some(alpha) => {
            let opaque = match alpha.strip_suffix('%') {
                Some(percent) => percent.parse::<f64>().is_ok_and(|v| v >= 100.0),
                None => alpha.parse::<f64>().is_ok_and(|v| v >= 1.0),
            };
            if opaque { Ok(colour) } else { Err(ColourProblem::Transparent(Some(colour.hex()))) }
        }
    }
}

/// HSL to sRGB (hue in degrees, saturation and lightness from 0 to 1), as CSS Color 4 defines it.
fn hsl(hue: f64, saturation: f64, lightness: f64) -> Rgb {
    let hue = hue.rem_euclid(360.0);
    let channel = |n: f64| {
        let k = (n + hue / 30.0) % 12.0;
        let a = saturation * lightness.min(1.0 - lightness);
        let value = lightness - a * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0);
        (value * 255.0).round() as u8
    };
    Rgb { r: channel(0.0), g: channel(8.0), b: channel(4.0) }
}

/// The CSS colour names, in alphabetical order (for a binary search).
const NAMED: &[(&str, u32)] = &[
    ("aliceblue", 0xf0f8ff),
    ("antiquewhite", 0xfaebd7),
    ("aqua", 0x00ffff),
    ("aquamarine", 0x7fffd4),
    ("azure", 0xf0ffff),
    ("beige", 0xf5f5dc),
    ("bisque", 0xffe4c4),
    ("black", 0x000000),
    ("blanchedalmond", 0xffebcd),
    ("blue", 0x0000ff),
    ("blueviolet", 0x8a2be2),
    ("brown", 0xa52a2a),
    ("burlywood", 0xdeb887),
    ("cadetblue", 0x5f9ea0),
    ("chartreuse", 0x7fff00),
    ("chocolate", 0xd2691e),
    ("coral", 0xff7f50),
    ("cornflowerblue", 0x6495ed),
    ("cornsilk", 0xfff8dc),
    ("crimson", 0xdc143c),
    ("cyan", 0x00ffff),
    ("darkblue", 0x00008b),
    ("darkcyan", 0x008b8b),
    ("darkgoldenrod", 0xb8860b),
    ("darkgray", 0xa9a9a9),
    ("darkgreen", 0x006400),
    ("darkgrey", 0xa9a9a9),
    ("darkkhaki", 0xbdb76b),
    ("darkmagenta", 0x8b008b),
    ("darkolivegreen", 0x556b2f),
    ("darkorange", 0xff8c00),
    ("darkorchid", 0x9932cc),
    ("darkred", 0x8b0000),
    ("darksalmon", 0xe9967a),
    ("darkseagreen", 0x8fbc8f),
    ("darkslateblue", 0x483d8b),
    ("darkslategray", 0x2f4f4f),
    ("darkslategrey", 0x2f4f4f),
    ("darkturquoise", 0x00ced1),
    ("darkviolet", 0x9400d3),
    ("deeppink", 0xff1493),
    ("deepskyblue", 0x00bfff),
    ("dimgray", 0x696969),
    ("dimgrey", 0x696969),
    ("dodgerblue", 0x1e90ff),
    ("firebrick", 0xb22222),
    ("floralwhite", 0xfffaf0),
    ("forestgreen", 0x228b22),
    ("fuchsia", 0xff00ff),
    ("gainsboro", 0xdcdcdc),
    ("ghostwhite", 0xf8f8ff),
    ("gold", 0xffd700),
    ("goldenrod", 0xdaa520),
    ("gray", 0x808080),
    ("green", 0x008000),
    ("greenyellow", 0xadff2f),
    ("grey", 0x808080),
    ("honeydew", 0xf0fff0),
    ("hotpink", 0xff69b4),
    ("indianred", 0xcd5c5c),
    ("indigo", 0x4b0082),
    ("ivory", 0xfffff0),
    ("khaki", 0xf0e68c),
    ("lavender", 0xe6e6fa),
    ("lavenderblush", 0xfff0f5),
    ("lawngreen", 0x7cfc00),
    ("lemonchiffon", 0xfffacd),
    ("lightblue", 0xadd8e6),
    ("lightcoral", 0xf08080),
    ("lightcyan", 0xe0ffff),
    ("lightgoldenrodyellow", 0xfafad2),
    ("lightgray", 0xd3d3d3),
    ("lightgreen", 0x90ee90),
    ("lightgrey", 0xd3d3d3),
    ("lightpink", 0xffb6c1),
    ("lightsalmon", 0xffa07a),
    ("lightseagreen", 0x20b2aa),
    ("lightskyblue", 0x87cefa),
    ("lightslategray", 0x778899),
    ("lightslategrey", 0x778899),
    ("lightsteelblue", 0xb0c4de),
    ("lightyellow", 0xffffe0),
    ("lime", 0x00ff00),
    ("limegreen", 0x32cd32),
    ("linen", 0xfaf0e6),
    ("magenta", 0xff00ff),
    ("maroon", 0x800000),
    ("mediumaquamarine", 0x66cdaa),
    ("mediumblue", 0x0000cd),
    ("mediumorchid", 0xba55d3),
    ("mediumpurple", 0x9370db),
    ("mediumseagreen", 0x3cb371),
    ("mediumslateblue", 0x7b68ee),
    ("mediumspringgreen", 0x00fa9a),
    ("mediumturquoise", 0x48d1cc),
    ("mediumvioletred", 0xc71585),
    ("midnightblue", 0x191970),
    ("mintcream", 0xf5fffa),
    ("mistyrose", 0xffe4e1),
    ("moccasin", 0xffe4b5),
    ("navajowhite", 0xffdead),
    ("navy", 0x000080),
    ("oldlace", 0xfdf5e6),
    ("olive", 0x808000),
    ("olivedrab", 0x6b8e23),
    ("orange", 0xffa500),
    ("orangered", 0xff4500),
    ("orchid", 0xda70d6),
    ("palegoldenrod", 0xeee8aa),
    ("palegreen", 0x98fb98),
    ("paleturquoise", 0xafeeee),
    ("palevioletred", 0xdb7093),
    ("papayawhip", 0xffefd5),
    ("peachpuff", 0xffdab9),
    ("peru", 0xcd853f),
    ("pink", 0xffc0cb),
    ("plum", 0xdda0dd),
    ("powderblue", 0xb0e0e6),
    ("purple", 0x800080),
    ("rebeccapurple", 0x663399),
    ("red", 0xff0000),
    ("rosybrown", 0xbc8f8f),
    ("royalblue", 0x4169e1),
    ("saddlebrown", 0x8b4513),
    ("salmon", 0xfa8072),
    ("sandybrown", 0xf4a460),
    ("seagreen", 0x2e8b57),
    ("seashell", 0xfff5ee),
    ("sienna", 0xa0522d),
    ("silver", 0xc0c0c0),
    ("skyblue", 0x87ceeb),
    ("slateblue", 0x6a5acd),
    ("slategray", 0x708090),
    ("slategrey", 0x708090),
    ("snow", 0xfffafa),
    ("springgreen", 0x00ff7f),
    ("steelblue", 0x4682b4),
    ("tan", 0xd2b48c),
    ("teal", 0x008080),
    ("thistle", 0xd8bfd8),
    ("tomato", 0xff6347),
    ("turquoise", 0x40e0d0),
    ("violet", 0xee82ee),
    ("wheat", 0xf5deb3),
    ("white", 0xffffff),
    ("whitesmoke", 0xf5f5f5),
    ("yellow", 0xffff00),
    ("yellowgreen", 0x9acd32),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(text: &str) -> Rgb {
        parse(text).unwrap_or_else(|p| panic!("{text}: {p:?}"))
    }

    fn ratio(a: &str, b: &str) -> f64 {
        (rgb(a).contrast(rgb(b)) * 100.0).round() / 100.0
    }

    #[test]
    fn contrast_matches_the_published_wcag_values() {
        assert_eq!(ratio("#767676", "#ffffff"), 4.54);
        assert_eq!(ratio("#777777", "#ffffff"), 4.48);
        assert_eq!(ratio("#000000", "#ffffff"), 21.0);
        assert_eq!(ratio("#ffffff", "#ffffff"), 1.0);
        assert_eq!(ratio("#0000ff", "#ffffff"), 8.59);
        assert_eq!(ratio("#ff0000", "#ffffff"), 4.0);
        assert_eq!(ratio("#ffffff", "#595959"), 7.0);
        // the order of the two colours does not matter
        assert_eq!(ratio("#ffffff", "#767676"), 4.54);
    }

    #[test]
    fn luminance_runs_from_black_to_white() {
        assert_eq!(BLACK.luminance(), 0.0);
        assert!((WHITE.luminance() - 1.0).abs() < 1e-12);
        assert!((rgb("#808080").luminance() - 0.2159).abs() < 1e-4);
    }

    #[test]
    fn reads_the_forms_a_site_may_write() {
        assert_eq!(rgb("#1F6F78").hex(), "#1f6f78");
        assert_eq!(rgb("#abc").hex(), "#aabbcc");
        assert_eq!(rgb("#abcf").hex(), "#aabbcc");
        assert_eq!(rgb("#112233ff").hex(), "#112233");
        assert_eq!(rgb("rgb(31 111 120)").hex(), "#1f6f78");
        assert_eq!(rgb("rgb(31, 111, 120)").hex(), "#1f6f78");
        assert_eq!(rgb("rgba(31,111,120,1)").hex(), "#1f6f78");
        assert_eq!(rgb("rgb(100% 0% 0%)").hex(), "#ff0000");
        assert_eq!(rgb("hsl(0 100% 50%)").hex(), "#ff0000");
        assert_eq!(rgb("hsl(120deg, 100%, 25%)").hex(), "#008000");
        assert_eq!(rgb("hsl(240 100% 50% / 1)").hex(), "#0000ff");
        assert_eq!(rgb("Teal").hex(), "#008080");
        assert_eq!(rgb("rebeccapurple").hex(), "#663399");
    }

    #[test]
    fn names_what_is_wrong_with_a_colour() {
        assert_eq!(parse("6b2d5c"), Err(ColourProblem::NoHash("#6b2d5c".to_string())));
        assert_eq!(parse("FFF"), Err(ColourProblem::NoHash("#ffffff".to_string())));
        assert_eq!(parse("#0000ff80"), Err(ColourProblem::Transparent(Some("#0000ff".to_string()))));
        assert_eq!(parse("rgb(0 0 255 / 50%)"), Err(ColourProblem::Transparent(Some("#0000ff".to_string()))));
        assert_eq!(parse("transparent"), Err(ColourProblem::Transparent(None)));
        assert_eq!(parse("teel"), Err(ColourProblem::Unknown(Some("teal"))));
        assert_eq!(parse("#12345"), Err(ColourProblem::Unknown(None)));
        assert_eq!(parse("red;} body{display:none}"), Err(ColourProblem::Unknown(None)));
        assert_eq!(parse("rgb(300 0 0)"), Err(ColourProblem::Unknown(None)));
        assert_eq!(parse("123"), Err(ColourProblem::Unknown(None)));
    }

    #[test]
    fn the_names_are_in_order() {
        assert!(NAMED.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert_eq!(NAMED.len(), 148);
    }

    #[test]
    fn a_shade_is_found_for_any_colour_on_white_and_on_near_black() {
        let light = [WHITE, rgb("#f2f3f6")];
        let dark = [rgb("#0b0d12"), rgb("#1a1e29")];
        for accent in ["#ffd1dc", "#111111", "#ff0000", "#00ff00", "#ffff00", "#4338ca", "#777777", "#ffffff"] {
            let colour = rgb(accent);
            let on_light = colour.readable_on(&light, Direction::Darker, AA_TEXT).expect("a darker shade");
            assert!(light.iter().all(|s| on_light.contrast(*s) >= AA_TEXT), "{accent} -> {on_light}");
            let on_dark = colour.readable_on(&dark, Direction::Lighter, AA_TEXT).expect("a lighter shade");
            assert!(dark.iter().all(|s| on_dark.contrast(*s) >= AA_TEXT), "{accent} -> {on_dark}");
            let text = colour.text_on(&[WHITE, rgb("#0b0d12"), BLACK], AA_TEXT).expect("white or black reads");
            assert!(text.contrast(colour) >= AA_TEXT, "{accent}: {text}");
        }
        // a colour that already reads is kept as it is
        assert_eq!(rgb("#4338ca").readable_on(&light, Direction::Darker, AA_TEXT), Some(rgb("#4338ca")));
        // and a mid-grey surface leaves no shade of anything readable
        assert_eq!(rgb("#4338ca").readable_on(&[rgb("#666666"), WHITE], Direction::Darker, AA_TEXT), None);
    }

    #[test]
    fn a_shade_keeps_the_hue() {
        // pale pink darkens to a raspberry, not to a grey-brown
        let shade = rgb("#ffd1dc").readable_on(&[WHITE], Direction::Darker, AA_TEXT).expect("a shade");
        let (hue, saturation, _) = shade.hsl();
        assert!((hue - 345.0).abs() < 3.0 && saturation > 0.95, "{shade}: {:?}", shade.hsl());
        for text in ["#4338ca", "#ffd1dc", "#777777", "#00ff00", "#6b2d5c"] {
            let (h, s, l) = rgb(text).hsl();
            assert_eq!(hsl(h, s, l), rgb(text), "{text}");
        }
    }

    #[test]
    fn mixing_matches_css_color_mix() {
        // color-mix(in srgb, #4338ca 45%, #fff)
        assert_eq!(rgb("#4338ca").mix(WHITE, 0.55), Rgb { r: 170, g: 165, b: 231 });
    }
}
