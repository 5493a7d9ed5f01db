//! Pictures as pages show them. Every JPEG, PNG and WebP of the site is published upright and
//! without its metadata at its own address (at most [`ORIGINAL_MAX`] pixels across), and each
//! one a page shows — her portrait, a client's face or logo, a cover, a picture in a post — also
//! gets smaller copies at the widths the theme shows it at, as WebP with a JPEG or PNG beside
//! them, under names made from the picture's bytes. Copies are made once, in parallel, and kept
//! in the site's cache for the next build and the preview.
//!
//! `probe` reads what a picture is without decoding it, `process` makes the copies, `strip`
//! publishes an upright picture as it is less its metadata, `card` draws the link preview of a
//! page without a cover, `cache` keeps them all.

pub mod cache;
pub mod card;
pub mod probe;
pub mod process;
pub mod strip;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use crate::load::assets::{Assets, Bytes};
use cache::Cache;
use probe::{Format, Probe, Refusal};
use process::Size;

/// The widest a picture is published at its own address.
pub const ORIGINAL_MAX: u32 = 2560;

/// Where a picture is shown, which decides the widths of its copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The owner's photo.
    Portrait,
    /// A client's face beside a testimonial.
    Avatar,
    /// A company's logo.
    Logo,
    /// A case study's or post's cover, also shown small on cards.
    Cover,
    /// A picture in the text of a page.
    Content,
    /// The picture a link preview shows (Open Graph, X): cut to [`PREVIEW`], one size.
    Preview,
}

/// The size of a link preview: what LinkedIn, Facebook and X show a shared link at.
pub const PREVIEW: (u32, u32) = (1200, 630);

impl Role {
    /// Every role a theme sizes, in order (a link preview has one size for every theme).
    pub const ALL: [Role; 5] = [Role::Portrait, Role::Avatar, Role::Logo, Role::Cover, Role::Content];

    /// The name a theme.toml uses under `[images]`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Portrait => "portrait",
            Role::Avatar => "avatar",
            Role::Logo => "logo",
            Role::Cover => "cover",
            Role::Content => "content",
            Role::Preview => "preview",
        }
    }

    /// The role called `name`.
    pub fn named(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }

    /// Widths for a theme that does not say: the sizes the built-in themes show at, once and twice.
    fn default_widths(self) -> &'static [u32] {
        match self {
            Role::Portrait => &[320, 480, 640, 960],
            Role::Avatar => &[96, 192],
            Role::Logo => &[160, 320],
            Role::Cover => &[480, 720, 960, 1440],
            Role::Content => &[480, 720, 1440],
            Role::Preview => &[PREVIEW.0],
        }
    }
}

/// The widths of the copies made for each role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Widths(BTreeMap<Role, Vec<u32>>);

impl Default for Widths {
    fn default() -> Widths {
        Widths(Role::ALL.into_iter().map(|role| (role, role.default_widths().to_vec())).collect())
    }
}

impl Widths {
    /// The widths for `role`, smallest first.
    pub fn of(&self, role: Role) -> &[u32] {
        self.0.get(&role).map_or(&[], Vec::as_slice)
    }

    /// Sets the widths for `role` (sorted, each once).
    pub fn set(&mut self, role: Role, mut widths: Vec<u32>) {
        widths.sort_unstable();
        widths.dedup();
        self.0.insert(role, widths);
    }
}

/// Whether a static file is one Shingle treats as a picture (by its name; its contents decide
/// what it really is).
pub fn is_picture_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".tif", ".tiff", ".bmp", ".avif"]
        .iter()
        .any(|extension| lower.ends_with(extension))
}

/// One file Shingle writes for a picture: where, and at which size.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Copy {
    /// Its output path (`images/maria-3f9a2c1d07-640.webp`).
    pub path: String,
    /// Its size and format.
    pub size: Size,
}

/// How a page shows one picture: the copy for `src`, and the copies for `srcset`, by format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The picture's width, upright, as published at its own address.
    pub width: u32,
    /// Its height.
    pub height: u32,
    /// The copy an `<img src>` names: the largest in the fallback format.
    pub src: Copy,
    /// Copies in the fallback format (JPEG or PNG), smallest first: with WebP copies beside
    /// them, only `src` (a browser that shows no WebP gets it alone).
    pub fallback: Vec<Copy>,
    /// WebP copies, smallest first (empty when the picture is a WebP itself: `fallback` holds them).
    pub webp: Vec<Copy>,
}

impl Shown {
    /// The picture as a page writes it, with each copy's address made by `url`.
    pub fn picture(&self, url: impl Fn(&str) -> String) -> Picture {
        let srcset = |copies: &[Copy]| -> String {
            copies.iter().map(|copy| format!("{} {}w", url(&copy.path), copy.size.width)).collect::<Vec<_>>().join(", ")
        };
        let sources = if self.webp.is_empty() {
            Vec::new()
        } else {
            vec![Source { media_type: Format::Webp.media_type(), srcset: srcset(&self.webp) }]
        };
        // the size of the copy `src` names: the page's width and height say its shape
        let (width, height) = (self.src.size.width, self.src.size.height);
        // with WebP copies beside it, the `<img>` is the fallback: its `src` alone
        let own = if self.webp.is_empty() { srcset(&self.fallback) } else { String::new() };
        Picture { src: url(&self.src.path), width, height, srcset: own, sources }
    }
}

/// A picture as a page writes it: `<picture>` with a `<source>` per format, and `<img>`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Picture {
    /// The address for `src`.
    pub src: String,
    /// Width for `width`: that of the copy `src` names.
    pub width: u32,
    /// Height for `height`.
    pub height: u32,
    /// `srcset` of the `<img>`: the copies in its own format.
    pub srcset: String,
    /// One `<source>` per other format (WebP).
    pub sources: Vec<Source>,
}

/// A `<source>` of a `<picture>`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// Its media type (`image/webp`).
    #[serde(rename = "type")]
    pub media_type: &'static str,
    /// Its `srcset`.
    pub srcset: String,
}

impl Default for Images {
    fn default() -> Images {
        Images::new(Widths::default(), Arc::default(), Cache::default())
    }
}

/// What the site's pictures are, kept between the preview's rebuilds: a picture is read again
/// only when its file changed.
#[derive(Debug, Default)]
pub struct Probes {
    known: Mutex<HashMap<String, (Stamp, Probed)>>,
}

/// A file's size and time, which say whether it changed.
type Stamp = Option<(u64, SystemTime)>;

/// Where the probes of the last build are kept, in the cache folder: one picture a line, its
/// path, size, time and what it is, so a build whose pictures did not change reads none of them.
const PROBES: &str = "probes.tsv";

impl Probes {
    /// The probes the last build of the site at `root` left in its cache.
    pub fn remembered(root: &std::path::Path) -> Probes {
        let text = std::fs::read_to_string(root.join(cache::FOLDER).join(PROBES)).unwrap_or_default();
        let known = text.lines().filter_map(probe_line).collect();
        Probes { known: Mutex::new(known) }
    }

    /// Keeps the probes of the pictures that are pictures, for the next build.
    fn save(&self, folder: &std::path::Path) {
        let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        let mut lines: Vec<String> = known
            .iter()
            .filter_map(|(path, (stamp, probed))| {
                let ((size, time), probe) = (stamp.as_ref()?, probed.as_ref().ok()?);
                let time = time.duration_since(SystemTime::UNIX_EPOCH).ok()?;
                let format = probe.format.extension();
                Some(format!(
                    "{path}\t{size}\t{}\t{}\t{format}\t{}\t{}\t{}\t{:016x}",
                    time.as_secs(),
                    time.subsec_nanos(),
                    probe.width,
                    probe.height,
                    u8::from(probe.turned),
                    probe.hash
                ))
            })
            .collect();
        lines.sort();
        let _ = std::fs::write(folder.join(PROBES), lines.join("\n"));
    }
}

/// One line of the probes file, read back.
fn probe_line(line: &str) -> Option<(String, (Stamp, Probed))> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [path, size, secs, nanos, format, width, height, turned, hash] = fields.as_slice() else { return None };
    let time = SystemTime::UNIX_EPOCH + std::time::Duration::new(secs.parse().ok()?, nanos.parse().ok()?);
    let format = [Format::Jpeg, Format::Png, Format::Webp].into_iter().find(|f| f.extension() == *format)?;
    let probe = Probe {
        format,
        width: width.parse().ok()?,
        height: height.parse().ok()?,
        turned: *turned == "1",
        hash: u64::from_str_radix(hash, 16).ok()?,
    };
    Some((path.to_string(), (Some((size.parse().ok()?, time)), Ok(Arc::new(probe)))))
}

/// What a file was found to be.
type Probed = Result<Arc<Probe>, Refusal>;

/// Whether a picture's copies were made, set once by the first page to ask.
type Made = Arc<OnceLock<Result<(), Refusal>>>;

/// A copy, by the hash of its picture and its size.
type Key = (u64, Size);

/// The pictures of one site: what each is, where pages show it, and its copies.
#[derive(Debug)]
pub struct Images {
    widths: Widths,
    probes: Arc<Probes>,
    /// What each picture was found to be by this build, which takes the site as it was when it
    /// began: its file is looked at once, however many pages and copies ask.
    checked: Mutex<HashMap<String, Probed>>,
    cache: Cache,
    /// The roles each picture is shown in, by its path among the static files.
    uses: Mutex<BTreeMap<String, BTreeSet<Role>>>,
    /// The copies to make of each picture, once the table of output paths is made.
    planned: Mutex<BTreeMap<String, Vec<Size>>>,
    /// Each picture made once, however many of its copies are asked for at once.
    made: Mutex<HashMap<String, Made>>,
    /// Copies kept in memory when the cache folder cannot be written.
    kept: Mutex<HashMap<Key, Arc<Vec<u8>>>>,
    /// What every link-preview card shares: the site's name, address, accent and photo.
    cards: Option<Cards>,
    /// Her photo cut to the card's circle, made once.
    card_photo: OnceLock<Option<image::RgbImage>>,
}

/// What every link-preview card of a site shares.
#[derive(Debug, Clone)]
pub struct Cards {
    /// The site's name.
    pub site: String,
    /// Its address, without `https://` (`kestreldesk.example`).
    pub address: String,
    /// The theme's accent colour.
    pub accent: crate::colour::Rgb,
    /// Her photo, by its path among the static files.
    pub photo: Option<String>,
}

impl Images {
    /// The pictures of a site whose theme shows them at `widths`, with its copies cached in `cache`.
    pub fn new(widths: Widths, probes: Arc<Probes>, cache: Cache) -> Images {
        Images {
            widths,
            probes,
            checked: Mutex::default(),
            cache,
            uses: Mutex::default(),
            planned: Mutex::default(),
            made: Mutex::default(),
            kept: Mutex::default(),
            cards: None,
            card_photo: OnceLock::new(),
        }
    }

    /// The same, drawing link-preview cards that share `cards`.
    pub fn with_cards(mut self, cards: Cards) -> Images {
        self.cards = Some(cards);
        self
    }

    /// The card of a page titled `title`, and its output path; `None` when the site draws none.
    pub fn card(&self, title: &str) -> Option<(String, card::Card)> {
        let cards = self.cards.as_ref()?;
        let card = card::Card {
            site: cards.site.clone(),
            title: title.to_string(),
            address: cards.address.clone(),
            accent: cards.accent,
        };
        let (hash, size) = self.card_key(&card);
        Some((format!("images/cards/{hash:016x}.{}", size.format.extension()), card))
    }

    /// What names a card in the cache: everything drawn on it, and the look of this Shingle's cards.
    pub fn card_key(&self, card: &card::Card) -> (u64, Size) {
        let photo = self.cards.as_ref().and_then(|cards| cards.photo.clone()).unwrap_or_default();
        let text =
            format!("{}\n{}\n{}\n{}\n{photo}\n{}", card.site, card.title, card.address, card.accent.hex(), card::LOOK);
        let format = if photo.is_empty() { Format::Png } else { Format::Jpeg };
        (xxhash_rust::xxh3::xxh3_64(text.as_bytes()), Size { width: card::SIZE.0, height: card::SIZE.1, format })
    }

    /// The bytes of `card`, drawn now unless an earlier build drew it.
    pub fn card_bytes(&self, assets: &Assets, card: &card::Card) -> Result<Arc<Vec<u8>>, Refusal> {
        let (hash, size) = self.card_key(card);
        if let Some(bytes) = self.cache.read(hash, &size) {
            self.cache.counts.reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(Arc::new(bytes));
        }
        let photo = self.card_photo.get_or_init(|| self.photo_for_cards(assets));
        let pixels = image::DynamicImage::ImageRgb8(card::draw(card, photo.as_ref()));
        let bytes = process::encode_flat(&pixels, size.format)?;
        self.cache.counts.drawn.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if !self.cache.put(hash, &size, &bytes) {
            self.kept.lock().unwrap_or_else(|e| e.into_inner()).insert((hash, size), Arc::new(bytes.clone()));
        }
        Ok(Arc::new(bytes))
    }

    /// Her photo as a square for the cards' circle: the width of the photo, from a third of the
    /// way down a tall one.
    fn photo_for_cards(&self, assets: &Assets) -> Option<image::RgbImage> {
        let path = self.cards.as_ref()?.photo.as_deref()?;
        let Some(Ok(probe)) = self.probe(assets, path) else { return None };
        let bytes = assets.get(path)?.read().ok()?;
        let square = Size { width: card::PHOTO, height: card::PHOTO, format: Format::Png };
        self.cache.counts.decoded.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        process::pixels(&bytes, &probe, &square).ok().map(|pixels| pixels.to_rgb8())
    }

    /// What the picture at `path` (among the static files) is: `None` when it is no picture
    /// Shingle publishes as one (an SVG, a GIF, a theme's own file, no such file).
    pub fn probe(&self, assets: &Assets, path: &str) -> Option<Probed> {
        if !is_picture_name(path) {
            return None;
        }
        if let Some(probed) = self.checked.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            return Some(probed.clone());
        }
        let probed = self.probe_file(assets, path)?;
        self.checked.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), probed.clone());
        Some(probed)
    }

    /// What the picture at `path` is: remembered from an earlier build while its file keeps its
    /// size and time, else read.
    fn probe_file(&self, assets: &Assets, path: &str) -> Option<Probed> {
        let Some(Bytes::Disk(file, _)) = assets.get(path) else { return None };
        let stamp = std::fs::metadata(file).ok().and_then(|m| Some((m.len(), m.modified().ok()?)));
        if let Some((known, probed)) = self.probes.known.lock().unwrap_or_else(|e| e.into_inner()).get(path)
            && *known == stamp
            && stamp.is_some()
        {
            return Some(probed.clone());
        }
        let probed = match assets.get(path)?.read() {
            Ok(bytes) => probe::probe(&bytes).map(Arc::new),
            Err(_) => Err(Refusal::Damaged),
        };
        self.probes.known.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), (stamp, probed.clone()));
        Some(probed)
    }

    /// Notes that a page shows the picture at `path` as `role`, and says how: `None` when it is
    /// no picture Shingle makes copies of, `Err` when it cannot be published.
    pub fn show(&self, assets: &Assets, path: &str, role: Role) -> Option<Result<Shown, Refusal>> {
        let probed = self.probe(assets, path)?;
        self.uses.lock().unwrap_or_else(|e| e.into_inner()).entry(path.to_string()).or_default().insert(role);
        Some(probed.map(|probe| self.shown_as(path, &probe, role)))
    }

    /// Whether a page shows (or tried to show) the picture at `path`.
    pub fn is_shown(&self, path: &str) -> bool {
        self.uses.lock().unwrap_or_else(|e| e.into_inner()).contains_key(path)
    }

    /// How the picture `path` is shown as `role`.
    fn shown_as(&self, path: &str, probe: &Probe, role: Role) -> Shown {
        if role != Role::Preview {
            return self.shown(path, probe, self.widths.of(role));
        }
        // cut to the preview's shape, never made larger than the picture
        let width = PREVIEW.0.min(probe.width).min(scaled(probe.height, PREVIEW.0, PREVIEW.1));
        let size = Size { width, height: scaled(PREVIEW.1, width, PREVIEW.0), format: probe.format };
        let stem = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
        let copy = Copy {
            path: format!(
                "{stem}-{:010x}-{}x{}.{}",
                probe.hash >> 24,
                size.width,
                size.height,
                size.format.extension()
            ),
            size,
        };
        Shown { width: size.width, height: size.height, src: copy.clone(), fallback: vec![copy], webp: Vec::new() }
    }

    /// How the picture `path` is shown at `widths`.
    fn shown(&self, path: &str, probe: &Probe, widths: &[u32]) -> Shown {
        let original = original_size(probe);
        let fallback_format = probe.format;
        let mut fitting: Vec<u32> = widths.iter().copied().filter(|&w| w < original.width).collect();
        // the picture itself stands for every width it is too small for
        if widths.iter().any(|&w| w >= original.width) || fitting.is_empty() {
            fitting.push(original.width);
        }
        let copies = |format: Format| -> Vec<Copy> {
            fitting
                .iter()
                .map(|&width| {
                    let size = Size { width, height: scaled(original.height, width, original.width), format };
                    if size == original {
                        Copy { path: path.to_string(), size }
                    } else {
                        Copy { path: copy_path(path, probe.hash, width, format), size }
                    }
                })
                .collect()
        };
        let mut fallback = copies(fallback_format);
        let webp = if fallback_format == Format::Webp { Vec::new() } else { copies(Format::Webp) };
        let src = fallback.last().cloned().unwrap_or(Copy { path: path.to_string(), size: original });
        if !webp.is_empty() {
            // every browser in use picks its width among the WebP copies; one that shows no WebP
            // gets the largest fallback alone, so no smaller fallback is made
            fallback = vec![src.clone()];
        }
        Shown { width: original.width, height: original.height, src, fallback, webp }
    }

    /// Every file Shingle writes for the site's pictures, by output path: each picture at its own
    /// address, and the copies of those pages show. Fixes the copies each picture gets.
    pub fn outputs(&self, assets: &Assets) -> Vec<(String, Copy, String)> {
        let uses = self.uses.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let mut planned = BTreeMap::new();
        let mut outputs = Vec::new();
        for (path, _) in assets.iter() {
            let Some(Ok(probe)) = self.probe(assets, path) else { continue };
            let mut copies: BTreeSet<Copy> = BTreeSet::new();
            copies.insert(Copy { path: path.clone(), size: original_size(&probe) });
            for role in uses.get(path).into_iter().flatten() {
                let shown = self.shown_as(path, &probe, *role);
                copies.extend(shown.fallback);
                copies.extend(shown.webp);
            }
            planned.insert(path.clone(), copies.iter().map(|copy| copy.size).collect::<Vec<_>>());
            outputs.extend(copies.into_iter().map(|copy| (copy.path.clone(), copy, path.clone())));
        }
        *self.planned.lock().unwrap_or_else(|e| e.into_inner()) = planned;
        outputs
    }

    /// The bytes of the copy of `source` at `size`: made now with every other copy of the
    /// same picture (decoded once), unless an earlier build made it.
    pub fn bytes(&self, assets: &Assets, source: &str, size: &Size) -> Result<Arc<Vec<u8>>, Refusal> {
        let Some(Ok(probe)) = self.probe(assets, source) else { return Err(Refusal::Damaged) };
        let once = {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(made.entry(source.to_string()).or_default())
        };
        once.get_or_init(|| self.make(assets, source, &probe)).clone()?;
        if let Some(bytes) = self.kept.lock().unwrap_or_else(|e| e.into_inner()).get(&(probe.hash, *size)) {
            return Ok(Arc::clone(bytes));
        }
        match self.cache.read(probe.hash, size) {
            Some(bytes) => Ok(Arc::new(bytes)),
            // asked for a copy no page lists (the preview, after an edit): made on its own
            None => {
                let made = self.make_sizes(assets, source, &probe, &[*size])?;
                Ok(Arc::new(made.into_iter().next().unwrap_or_default()))
            }
        }
    }

    /// What names the copy of `source` at `size` in the cache, known without reading the picture
    /// when an earlier build probed it: `(the picture's hash, size)`.
    pub fn copy_key(&self, assets: &Assets, source: &str, size: &Size) -> Option<(u64, Size)> {
        let Some(Ok(probe)) = self.probe(assets, source) else { return None };
        Some((probe.hash, *size))
    }

    /// Notes that the output folder still holds the copy or card `key` names, as an earlier build
    /// wrote it: nothing is read or made for it, and the cache keeps it.
    pub fn kept_in_output(&self, (hash, size): (u64, Size)) {
        self.cache.kept_in_output(hash, &size);
    }

    /// Makes every planned copy of `source` that the cache does not have.
    fn make(&self, assets: &Assets, source: &str, probe: &Probe) -> Result<(), Refusal> {
        let sizes = self.planned.lock().unwrap_or_else(|e| e.into_inner()).get(source).cloned().unwrap_or_default();
        let missing: Vec<Size> = sizes.into_iter().filter(|size| !self.cache.has(probe.hash, size)).collect();
        if !missing.is_empty() {
            self.make_sizes(assets, source, probe, &missing)?;
        }
        Ok(())
    }

    /// Makes the copies of `source` at `sizes`, in order: the picture at its own size, when it
    /// is upright, only loses its metadata; the rest are drawn from its pixels, decoded once.
    fn make_sizes(
        &self,
        assets: &Assets,
        source: &str,
        probe: &Probe,
        sizes: &[Size],
    ) -> Result<Vec<Vec<u8>>, Refusal> {
        let bytes = assets.get(source).ok_or(Refusal::Damaged)?.read().map_err(|_| Refusal::Damaged)?;
        let own = Size { width: probe.width, height: probe.height, format: probe.format };
        let as_it_is = |size: &Size| {
            (*size == own && !probe.turned).then(|| strip::without_metadata(&bytes, probe.format)).flatten()
        };
        let mut made: Vec<Option<Vec<u8>>> = sizes.iter().map(as_it_is).collect();
        let drawn: Vec<Size> =
            sizes.iter().zip(&made).filter(|(_, copy)| copy.is_none()).map(|(size, _)| *size).collect();
        if !drawn.is_empty() {
            self.cache.counts.decoded.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let mut pixels = process::make(&bytes, probe, &drawn)?.into_iter();
            for copy in made.iter_mut().filter(|copy| copy.is_none()) {
                *copy = pixels.next();
            }
        }
        let made: Vec<Vec<u8>> = made.into_iter().map(Option::unwrap_or_default).collect();
        for (size, copy) in sizes.iter().zip(&made) {
            self.cache.counts.made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if !self.cache.put(probe.hash, size, copy) {
                self.kept.lock().unwrap_or_else(|e| e.into_inner()).insert((probe.hash, *size), Arc::new(copy.clone()));
            }
        }
        Ok(made)
    }

    /// Removes from the cache what this build did not use, and keeps what each picture is for
    /// the next build.
    pub fn prune(&self) {
        self.cache.prune();
        if let Some(folder) = self.cache.folder() {
            self.probes.save(folder);
        }
    }

    /// `(decoded, made, drawn, reused)`: the picture work done so far.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        self.cache.counts.get()
    }
}

/// The size a picture is published at at its own address: upright, at most [`ORIGINAL_MAX`] across.
fn original_size(probe: &Probe) -> Size {
    let width = probe.width.min(ORIGINAL_MAX);
    Size { width, height: scaled(probe.height, width, probe.width), format: probe.format }
}

/// `height` scaled as `width` is from `from`, rounded, at least 1.
fn scaled(height: u32, width: u32, from: u32) -> u32 {
    ((u64::from(height) * u64::from(width) + u64::from(from) / 2) / u64::from(from.max(1))).max(1) as u32
}

/// `images/maria.jpg` → `images/maria-3f9a2c1d07-640.webp`.
fn copy_path(path: &str, hash: u64, width: u32, format: Format) -> String {
    let stem = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
    format!("{stem}-{:010x}-{width}.{}", hash >> 24, format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_never_grow_a_picture() {
        let images = Images::new(Widths::default(), Arc::default(), Cache::default());
        let probe = Probe { format: Format::Jpeg, width: 800, height: 600, turned: false, hash: 0xabcdef0123456789 };
        let shown = images.shown("images/a.jpg", &probe, &[480, 720, 960, 1440]);
        let widths: Vec<u32> = shown.webp.iter().map(|c| c.size.width).collect();
        assert_eq!(widths, [480, 720, 800]);
        assert_eq!(shown.webp[0].path, "images/a-abcdef0123-480.webp");
        assert_eq!(shown.webp[0].size.height, 360);
        assert_eq!(shown.src.path, "images/a.jpg", "the largest fallback is the picture at its own address");
        assert_eq!(shown.fallback, std::slice::from_ref(&shown.src), "beside WebP copies, the fallback is `src` alone");
        assert_eq!(shown.webp.last().map(|c| c.path.as_str()), Some("images/a-abcdef0123-800.webp"));
    }

    #[test]
    fn what_a_picture_is_is_remembered_until_its_file_changes() {
        let folder = tempfile::tempdir().expect("temp");
        let cache = folder.path().join(cache::FOLDER);
        std::fs::create_dir_all(&cache).expect("mkdir");
        let probes = Probes::default();
        let time = SystemTime::UNIX_EPOCH + std::time::Duration::new(1_790_000_000, 123);
        let probe = Probe { format: Format::Webp, width: 30, height: 20, turned: true, hash: 0xfeed };
        let entry = (Some((2048, time)), Ok(Arc::new(probe)));
        probes.known.lock().expect("lock").insert("images/a b.webp".to_string(), entry.clone());
        probes.known.lock().expect("lock").insert("images/x.jpg".to_string(), (None, Err(Refusal::Heic)));
        probes.save(&cache);
        let remembered = Probes::remembered(folder.path());
        let known = remembered.known.lock().expect("lock");
        assert_eq!(known.len(), 1, "refusals are read again");
        assert_eq!(known.get("images/a b.webp"), Some(&entry));
    }

    #[test]
    fn a_huge_photo_is_published_at_most_so_wide() {
        let probe = Probe { format: Format::Jpeg, width: 4032, height: 3024, turned: false, hash: 1 };
        assert_eq!(original_size(&probe), Size { width: 2560, height: 1920, format: Format::Jpeg });
    }
}
