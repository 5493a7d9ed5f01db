//! A site under test: a temporary copy of a fixture (or files written by the test), the
//! `shingle` binary run on it, and assertions that read like the user's session.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary site.
pub struct SiteTest {
    dir: tempfile::TempDir,
}

/// What a run of the binary printed and returned.
pub struct Run {
    pub output: Output,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> SiteTest {
        let test = SiteTest::empty();
        copy_dir(&fixtures().join(name).join("site"), test.root());
        test
    }

    /// An empty folder.
    pub fn empty() -> SiteTest {
        SiteTest { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A minimal valid site: site.toml and a home page.
    pub fn minimal() -> SiteTest {
        SiteTest::empty()
            .file("site.toml", "title = \"Test Desk\"\nbase_url = \"https://test.example\"\n")
            .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n")
    }

    /// Writes a file (text) into the site.
    pub fn file(self, path: &str, text: &str) -> SiteTest {
        self.bytes(path, text.as_bytes())
    }

    /// Writes a file (bytes) into the site.
    pub fn bytes(self, path: &str, bytes: &[u8]) -> SiteTest {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
        self
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `shingle ARGS --root SITE`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_shingle"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("HOME", self.root().join("no-home"))
            .output()
            .expect("run shingle");
        Run { output }
    }

    /// Runs `shingle build`.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// Reads an output file of `public/`.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join("public").join(path)).unwrap_or_else(|e| panic!("public/{path}: {e}"))
    }
}

impl Run {
    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).to_string()
    }

    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).to_string()
    }

    /// The exit code.
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    /// Asserts success and returns self.
    pub fn success(self) -> Run {
        assert_eq!(self.code(), 0, "expected success, got:\n{}{}", self.stdout(), self.stderr());
        self
    }

    /// Asserts a site error (exit 1) whose report is exactly `expected` (the closing line aside).
    pub fn fails_with(self, expected: &str) -> Run {
        assert_eq!(self.code(), 1, "expected exit 1, got {}:\n{}", self.code(), self.stderr());
        let stderr = self.stderr();
        let report = stderr.split("\n\nThe site was not built").next().unwrap_or("");
        assert_eq!(report, expected, "\n--- full stderr ---\n{stderr}");
        self
    }
}

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    copy_tree(from, to, |from, to| {
        std::fs::copy(from, to).expect("copy");
    });
}

/// Makes the folders of the tree `from` at `to`, and each file with `file(from, to)`.
pub fn copy_tree(from: &Path, to: &Path, file: impl Fn(&Path, &Path)) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            file(entry.path(), &target);
        }
    }
}

/// Every file under `dir` with its bytes, by relative path (the output marker left out).
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("prefix").to_string_lossy().replace('\\', "/");
            if rel != ".shingle-output" {
                files.push((rel, std::fs::read(entry.path()).expect("read")));
            }
        }
    }
    files
}

/// A small photo as a camera saves it: a JPEG of `width` × `height` with a gradient, so that
/// its copies differ from one another.
pub fn photo(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width.max(1)) as u8, (y * 255 / height.max(1)) as u8, 128])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .expect("encode");
    jpeg
}
