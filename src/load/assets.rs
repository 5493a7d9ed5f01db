//! The static files a site publishes: the theme's `static/` overlaid by the site's own, plus
//! files Shingle generates (the code stylesheet). Knows each file's URL, reads image sizes on
//! demand and computes the content hash that busts caches. Reading only; `output` writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::Diagnostic;
use crate::site_file::{Links, Root};

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum Bytes {
    /// Compiled into the binary (a built-in theme).
    Builtin(&'static [u8]),
    /// A file on disk, inside the site folder it is read from.
    Disk(PathBuf, Root),
    /// Made by Shingle during the build.
    Generated(Arc<Vec<u8>>),
}

impl Bytes {
    /// The content.
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Bytes::Builtin(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Bytes::Generated(bytes) => Ok(std::borrow::Cow::Borrowed(bytes.as_slice())),
            Bytes::Disk(path, root) => root.read(path, Links::Follow).map(std::borrow::Cow::Owned),
        }
    }
}

/// The static files of a site, by path relative to the output root (`images/logo.png`).
#[derive(Debug, Default)]
pub struct Assets {
    files: BTreeMap<String, Bytes>,
    base_path: String,
    hashes: Mutex<BTreeMap<String, String>>,
    sizes: Mutex<BTreeMap<String, Option<(usize, usize)>>>,
}

impl Assets {
    /// An empty set under `base_path`.
    pub fn new(base_path: &str) -> Assets {
        Assets { base_path: base_path.to_string(), ..Assets::default() }
    }

    /// Adds or replaces a file (later additions win, so the site's own files override the theme's).
    pub fn insert(&mut self, path: String, bytes: Bytes) {
        self.files.insert(path, bytes);
    }

    /// Adds every file under `dir` on disk (skipping hidden files and symlinks leading out of `root`).
    pub fn add_folder(&mut self, root: &Path, dir: &Path) -> Vec<Diagnostic> {
        let (files, problems) = crate::content::walk(root, dir, |_| true, crate::content::Hidden::Static);
        let real_root = Root::new(root);
        for path in files {
            let rel = crate::error::display_path(dir, &path);
            self.insert(rel, Bytes::Disk(path, real_root.clone()));
        }
        problems
    }

    /// Reads the file at `path` into memory now, if it is on disk, so rendering can use its
    /// text without reading anything.
    pub fn preload(&mut self, path: &str) -> std::io::Result<()> {
        if let Some(Bytes::Disk(file, root)) = self.files.get(path) {
            let bytes = root.read(file, Links::Follow)?;
            self.files.insert(path.to_string(), Bytes::Generated(Arc::new(bytes)));
        }
        Ok(())
    }

    /// The text of a file held in memory (compiled in, made by Shingle, or preloaded).
    pub fn text(&self, path: &str) -> Option<String> {
        match self.files.get(path)? {
            Bytes::Builtin(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
            Bytes::Generated(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
            Bytes::Disk(..) => None,
        }
    }

    /// Every file, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Bytes)> {
        self.files.iter()
    }

    /// Where a file's bytes come from.
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.files.get(path)
    }

    /// Whether a file exists.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The plain URL of a file, with the base path.
    pub fn url(&self, path: &str) -> String {
        crate::url::join(&self.base_path, path)
    }

    /// The cache-busting URL of a file: `/style.css?h=1a2b3c4d`. `None` if it does not exist.
    pub fn hashed_url(&self, path: &str) -> Option<String> {
        let path = path.trim_start_matches('/');
        let bytes = self.files.get(path)?;
        let mut hashes = self.hashes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hash) = hashes.get(path) {
            return Some(format!("{}?h={hash}", self.url(path)));
        }
        let hash = bytes.read().map(|b| format!("{:016x}", content_hash(&b))[..10].to_string()).ok()?;
        hashes.insert(path.to_string(), hash.clone());
        Some(format!("{}?h={hash}", self.url(path)))
    }

    /// Width and height of an image, if the file is one Shingle can read.
    pub fn image_size(&self, path: &str) -> Option<(usize, usize)> {
        let path = path.trim_start_matches('/');
        let bytes = self.files.get(path)?;
        // read once: pages, lists and feeds ask again and again for the same picture
        if let Some(size) = self.sizes.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            return *size;
        }
        let size = match bytes {
            Bytes::Disk(file, root) => root
                .open(file, Links::Follow)
                .ok()
                .and_then(|opened| imagesize::reader_size(std::io::BufReader::new(opened)).ok()),
            other => other.read().ok().and_then(|b| imagesize::blob_size(&b).ok()),
        };
        let size = size.map(|s| (s.width, s.height)).or_else(|| svg_size(&bytes.read().ok()?));
        self.sizes.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), size);
        size
    }
}

/// The `width` and `height` attributes of an SVG's root element.
fn svg_size(bytes: &[u8]) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(bytes.get(..bytes.len().min(2048))?).ok()?;
    let tag = &text[text.find("<svg")?..];
    let tag = &tag[..tag.find('>')?];
    let attr = |name: &str| -> Option<usize> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let value = &tag[at..];
        value[..value.find('"')?].trim_end_matches("px").parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}

/// The 64-bit hash in the cache-busting `?h=` of asset URLs: eight bytes at a time, multiplied
/// and folded. Kept only so published URLs do not change; whether a file changed is decided
/// with xxh3 (`output`, the preview's caches).
pub fn content_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = (hash ^ u64::from_le_bytes(word)).wrapping_mul(K);
        hash ^= hash >> 29;
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = (hash ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    hash ^ (hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_urls_change_with_content() {
        let mut assets = Assets::new("/repo/");
        assets.insert("style.css".into(), Bytes::Builtin(b"body{}"));
        let first = assets.hashed_url("style.css").expect("exists");
        assert!(first.starts_with("/repo/style.css?h="));
        let mut other = Assets::new("/repo/");
        other.insert("style.css".into(), Bytes::Builtin(b"body{color:red}"));
        assert_ne!(first, other.hashed_url("style.css").expect("exists"));
        assert_eq!(assets.hashed_url("nope.css"), None);
    }

    #[test]
    fn svg_sizes_are_read() {
        assert_eq!(svg_size(b"<svg xmlns=\"x\" width=\"480\" height=\"320\">"), Some((480, 320)));
    }
}
