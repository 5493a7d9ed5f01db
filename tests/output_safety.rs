//! The output folder's safety (bad inputs rows 26–28): folders Shingle refuses, nothing outside
//! the output folder ever changed, no staging folder or temporary file left behind when writing
//! fails or a build is killed, and two builds of one site at once waiting for each other.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{SiteTest, copy_dir, fixtures, tree};

/// A small valid site with the plain test theme.
fn plain() -> SiteTest {
    let site = SiteTest::minimal().file(
        "site.toml",
        "title = \"Test Desk\"\nbase_url = \"https://test.example\"\ntheme = \"plain\"\n\n[booking]\nurl = \"https://cal.example/t\"\nlabel = \"Book\"\n",
    );
    copy_dir(&fixtures().join("basic/site/themes"), &site.root().join("themes"));
    site
}

/// Every file and folder under `dir` (symbolic links as their target), leaving out `skip`.
fn snapshot(dir: &Path, skip: &[PathBuf]) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    let walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| !skip.iter().any(|s| e.path() == s)) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(dir).expect("prefix").to_string_lossy().to_string();
        let what = if entry.path_is_symlink() {
            format!("link to {}", std::fs::read_link(entry.path()).expect("link").display()).into_bytes()
        } else if entry.file_type().is_dir() {
            b"folder".to_vec()
        } else {
            std::fs::read(entry.path()).expect("read")
        };
        all.push((rel, what));
    }
    all
}

/// A site with a sibling folder of the user's own and a home folder, all in one temp folder.
struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        let desk = Desk { dir: tempfile::tempdir().expect("temp dir") };
        let site = plain().file("static/images/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        copy_dir(site.root(), &desk.site());
        for (path, text) in [("mine/notes.txt", "my notes"), ("home/.ssh/id_rsa", "key"), ("empty/.keep", "")] {
            let full = desk.dir.path().join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, text).expect("write");
        }
        std::fs::remove_file(desk.dir.path().join("empty/.keep")).expect("empty folder");
        desk
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `shingle build --output OUTPUT`, run from the site folder with HOME set to the desk's home.
    fn build(&self, output: &str) -> common::Run {
        let output = Command::new(env!("CARGO_BIN_EXE_shingle"))
            .args(["build", "--output", output, "--root"])
            .arg(self.site())
            .current_dir(self.site())
            .env("HOME", self.home())
            .output()
            .expect("run shingle");
        common::Run { output }
    }

    /// Everything on the desk but `output` and the build lock.
    fn snapshot(&self, output: &Path) -> Vec<(String, Vec<u8>)> {
        snapshot(self.dir.path(), &[output.to_path_buf(), self.site().join(".shingle.lock")])
    }

    /// Staging folders and temporary files a build may leave behind.
    fn leftovers(&self) -> Vec<String> {
        snapshot(self.dir.path(), &[])
            .into_iter()
            .map(|(path, _)| path)
            .filter(|p| p.contains("shingle-staging") || p.ends_with(".shingle-tmp"))
            .collect()
    }
}

/// Row 26 (some of these are in build.rs::refuses_output_folders_that_would_endanger_the_site):
/// each refused with the reason, and nothing anywhere changed. A literal `~` is read as the home
/// folder, the way the shell reads it, rather than making a folder named `~`.
#[test]
fn row_26_output_folders_that_would_endanger_files_are_refused() {
    let desk = Desk::new();
    let site = desk.site().canonicalize().expect("site");
    let home = desk.home().canonicalize().expect("home");
    let parent = site.parent().expect("parent").to_path_buf();
    let cases: Vec<(String, PathBuf, &str)> = vec![
        (".".into(), site.clone(), "it is, or holds, the site itself"),
        ("content".into(), site.join("content"), "it is inside the site's content/ folder"),
        ("static".into(), site.join("static"), "it is inside the site's static/ folder"),
        ("templates".into(), site.join("templates"), "it is inside the site's templates/ folder"),
        ("~".into(), home.clone(), "it is, or holds, your home folder"),
        ("~/".into(), home.clone(), "it is, or holds, your home folder"),
        (home.display().to_string(), home.clone(), "it is, or holds, your home folder"),
        ("..".into(), parent.clone(), "it is, or holds, the site itself"),
        ("/".into(), PathBuf::from("/"), "it is the top of the disk"),
        (
            "../mine".into(),
            parent.join("mine"),
            "it already holds files that Shingle did not make, and Shingle never deletes what it did not create",
        ),
    ];
    let before = desk.snapshot(&site.join("public"));
    for (output, shown, why) in cases {
        let run = desk.build(&output);
        assert_eq!(run.code(), 1, "--output {output}: {}", run.stderr());
        assert_eq!(
            run.stderr(),
            format!(
                "error: refusing to use {} as the output folder: {why}\n  choose another folder with --output, such as {}\n",
                shown.display(),
                site.join("public").display()
            ),
            "--output {output}"
        );
        assert!(desk.snapshot(&site.join("public")) == before, "--output {output} changed files");
    }
    assert!(!site.join("~").exists() && !parent.join("~").exists());
}

// Row 27 (a build failing halfway leaves the previous output untouched):
// build.rs::a_failed_build_leaves_the_previous_output_exactly_as_it_was, and below
// data_safety_a_build_failing_while_writing_leaves_no_trace.

/// Data safety: whatever `--output` says, a build changes nothing outside its output folder
/// (and the lock file), leaves no staging folder behind, and an output folder it made before is
/// updated in place.
#[test]
fn data_safety_nothing_outside_the_output_folder_changes() {
    let desk = Desk::new();
    let site = desk.site();
    let parent = desk.dir.path().to_path_buf();
    for (output, folder) in [
        ("public", site.join("public")),
        ("../site-out", parent.join("site-out")),
        ("../empty", parent.join("empty")),
        ("../deep/er/out", parent.join("deep")),
        ("public", site.join("public")),
    ] {
        let before = desk.snapshot(&folder);
        desk.build(output).success();
        assert!(desk.snapshot(&folder) == before, "--output {output} changed files outside it");
        assert_eq!(desk.leftovers(), Vec::<String>::new(), "--output {output}");
        assert!(folder.is_dir());
    }
    // the same site built twice into one folder: only the files the site has
    assert!(tree(&site.join("public")) == tree(&parent.join("site-out")));
    assert!(tree(&site.join("public")) == tree(&parent.join("deep/er/out")));
}

/// Data safety, row 27: a write that fails part way (the disk "fills up": a file size limit as
/// the operating system enforces it even for root) leaves the previous output exactly as it was
/// and no staging folder or temporary file behind; a build killed outright leaves a staging
/// folder that the next build clears away.
#[cfg(unix)]
#[test]
fn data_safety_a_build_failing_while_writing_leaves_no_trace() {
    let desk = Desk::new();
    let site = desk.site();
    let limited = |trap: &str| {
        let script = format!("ulimit -f 512; {trap} exec \"$0\" build --root \"$1\"");
        Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_shingle")])
            .arg(&site)
            .env("HOME", desk.home())
            .output()
            .expect("run")
    };
    let big: Vec<u8> = (0..2_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(site.join("static/big.bin"), &big).expect("write");
    // no output yet: the staging folder is removed and no output folder appears
    let output = limited("trap '' XFSZ;");
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("File too large"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!site.join("public").exists());
    assert_eq!(desk.leftovers(), Vec::<String>::new());
    // an output from before stays exactly as it was
    std::fs::remove_file(site.join("static/big.bin")).expect("remove");
    desk.build("public").success();
    let before = tree(&site.join("public"));
    std::fs::write(site.join("static/big.bin"), &big).expect("write");
    std::fs::write(site.join("content/about.md"), "+++\ntitle = \"About, changed\"\n+++\nNew.\n").expect("write");
    let output = limited("trap '' XFSZ;");
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(tree(&site.join("public")) == before, "the previous output changed");
    assert_eq!(desk.leftovers(), Vec::<String>::new());
    // killed while writing: the next build clears away what it left, in an existing output
    // folder (temporary files) and beside a new one (the staging folder)
    for existing in [true, false] {
        if !existing {
            std::fs::remove_dir_all(site.join("public")).expect("remove");
        }
        std::fs::write(site.join("static/big.bin"), &big).expect("write");
        let output = limited("");
        assert_ne!(output.status.code(), Some(0));
        assert!(!desk.leftovers().is_empty(), "the build was killed before it could clean up");
        std::fs::remove_file(site.join("static/big.bin")).expect("remove");
        desk.build("public").success();
        assert_eq!(desk.leftovers(), Vec::<String>::new());
    }
}

/// Row 28. The second build says the site is being built and waits for the first; both finish,
/// and the output is exactly what a single build makes.
#[test]
fn row_28_two_builds_at_once_wait_for_each_other() {
    let mut site = plain();
    for i in 0..1500 {
        site =
            site.file(&format!("content/notes/note-{i}.md"), &format!("+++\ntitle = \"Note {i}\"\n+++\nText {i}.\n"));
    }
    let single = site.root().join("single");
    site.run(&["build", "--output", single.to_str().expect("utf-8")]).success();
    let start = || {
        Command::new(env!("CARGO_BIN_EXE_shingle"))
            .args(["build", "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start shingle")
    };
    let first = start();
    // wait until the first build holds the lock, then start the second
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(site.root().join(".shingle.lock"))
        .expect("lock file");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match lock.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) => break,
            Ok(()) => lock.unlock().expect("unlock"),
            Err(std::fs::TryLockError::Error(e)) => panic!("lock: {e}"),
        }
        assert!(Instant::now() < deadline, "the first build never took the lock");
        std::thread::sleep(Duration::from_millis(2));
    }
    let second = start().wait_with_output().expect("second build");
    let first = first.wait_with_output().expect("first build");
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(second.status.code(), Some(0), "{}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(
        String::from_utf8_lossy(&second.stderr),
        "Another Shingle build of this site is running; waiting for it to finish…\n"
    );
    assert!(tree(&site.root().join("public")) == tree(&single), "the output differs from a single build's");
}
