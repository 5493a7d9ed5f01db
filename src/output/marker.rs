//! The `.shingle-output` marker: the list of files Shingle wrote into an output folder, each with
//! the hash of what it wrote and the size and modification time the file had just after. A file
//! is trusted to be unchanged only when the disk still shows that size and time; an entry
//! without them (written while a build was putting files in place) is never trusted.

use std::collections::BTreeMap;
use std::fs::Metadata;
use std::time::UNIX_EPOCH;

/// The marker's file name, at the top of the output folder.
pub const MARKER: &str = ".shingle-output";

const HEADER: &str = "# Made by Shingle. It may replace or remove the files listed here, and nothing else.\n";

/// What a file looked like on disk right after Shingle wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Bytes.
    pub size: u64,
    /// Modification time, in nanoseconds since 1970.
    pub modified: u128,
}

impl Stamp {
    /// The stamp of a file as the disk reports it; `None` when the system gives no time.
    pub fn of(metadata: &Metadata) -> Option<Stamp> {
        let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        Some(Stamp { size: metadata.len(), modified })
    }
}

/// One file Shingle wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Hash of the bytes written, or of what made them (a picture's copy: the picture's hash,
    /// how copies are made and the size), which names the same bytes.
    pub hash: u64,
    /// How the file looked afterwards; `None` while it is being put in place.
    pub stamp: Option<Stamp>,
}

/// Every file of an output folder, by path below it.
pub type Manifest = BTreeMap<String, Entry>;

/// The marker's text.
pub fn write(files: &Manifest) -> String {
    let mut text = String::with_capacity(HEADER.len() + files.len() * 64);
    text.push_str(HEADER);
    for (path, entry) in files {
        match entry.stamp {
            Some(stamp) => text.push_str(&format!("{:016x} {} {} {path}\n", entry.hash, stamp.size, stamp.modified)),
            None => text.push_str(&format!("{:016x} - - {path}\n", entry.hash)),
        }
    }
    text
}

fn is_stamp_field(field: &str) -> bool {
    field == "-" || (!field.is_empty() && field.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads a marker's text. Lines it cannot read are skipped; the marker of an older Shingle
/// (`hash path`) gives entries without stamps, so every file is written once more.
pub fn read(text: &str) -> Manifest {
    let mut files = Manifest::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let Some((hash, rest)) = line.split_once(' ') else { continue };
        let Ok(hash) = u64::from_str_radix(hash, 16) else { continue };
        let entry = match rest.splitn(3, ' ').collect::<Vec<&str>>().as_slice() {
            [size, modified, path] if is_stamp_field(size) && is_stamp_field(modified) => {
                let stamp = match (size.parse(), modified.parse()) {
                    (Ok(size), Ok(modified)) => Some(Stamp { size, modified }),
                    _ => None,
                };
                (path.to_string(), Entry { hash, stamp })
            }
            _ => (rest.to_string(), Entry { hash, stamp: None }),
        };
        files.insert(entry.0, entry.1);
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_survive_a_round_trip() {
        let mut files = Manifest::new();
        files.insert("a b/index.html".into(), Entry { hash: 7, stamp: Some(Stamp { size: 12, modified: 34 }) });
        files.insert("blog/index.html".into(), Entry { hash: 0xfeed, stamp: None });
        assert_eq!(read(&write(&files)), files);
    }

    #[test]
    fn an_old_marker_is_read_without_stamps() {
        let files = read("# old\n00000000000000ff blog/index.html\n0000000000000001 my page/index.html\n");
        assert_eq!(files["blog/index.html"], Entry { hash: 255, stamp: None });
        assert_eq!(files["my page/index.html"], Entry { hash: 1, stamp: None });
    }
}
