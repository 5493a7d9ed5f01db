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

    /// Everything on the desk but `output` and the build locks (the site's, and the one beside
    /// an output folder elsewhere).
    /// Everything but the output folder, the build locks and the site's picture cache
    /// (`.shingle/cache/`, which a build keeps up to date).
    fn snapshot(&self, output: &Path) -> Vec<(String, Vec<u8>)> {
        let beside = output.parent().expect("parent").join(".shingle.lock");
        let cache = self.site().join(".shingle");
        snapshot(self.dir.path(), &[output.to_path_buf(), self.site().join(".shingle.lock"), beside, cache])
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
/// (but the lock files and its picture cache), leaves no staging folder behind, and an output folder it made before is
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
    wait_until_locked(&site.root().join(".shingle.lock"));
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

/// The basic fixture with `posts` more blog posts (tagged, every tenth a draft).
fn blog(posts: usize) -> SiteTest {
    let mut site = SiteTest::fixture("basic");
    for i in 0..posts {
        let draft = if i % 10 == 3 { "draft = true\n" } else { "" };
        let text = format!(
            "+++\ntitle = \"Note {i}\"\ndate = 2024-0{}-1{}\ntags = [\"tag {}\", \"admin\"]\n{draft}+++\nA short note, number {i}.\n",
            1 + i % 9,
            i % 10,
            i % 7
        );
        site = site.file(&format!("content/blog/note-{i}.md"), &text);
    }
    site
}

/// `shingle build ARGS --root SITE`, with the environment given.
fn build_with(site: &SiteTest, args: &[&str], env: &[(&str, String)]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shingle"));
    command.arg("build").args(args).arg("--root").arg(site.root()).env("HOME", site.root().join("no-home"));
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run shingle")
}

/// Every entry under `dir`, marker included, so a stray staging folder or file shows.
fn listing(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.expect("walk").path().strip_prefix(dir).expect("prefix").to_string_lossy().to_string())
        .collect();
    all.sort();
    all
}

/// Row 41: a committed output folder carrying a symbolic link to a folder outside it, and a
/// marker that lists a file behind the link. The build writes nothing through the link and
/// deletes nothing behind it: it stops and names the link when it needs that folder, and
/// otherwise leaves the link and what it points to alone.
#[cfg(unix)]
#[test]
fn row_41_a_link_planted_in_the_output_folder_is_never_followed() {
    let site = SiteTest::fixture("basic");
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("keep.txt"), "keep").expect("write");
    site.build().success();
    let public = site.root().join("public");
    std::fs::remove_dir_all(public.join("blog")).expect("remove");
    std::os::unix::fs::symlink(outside.path(), public.join("blog")).expect("link");
    let marker = public.join(".shingle-output");
    let mut text = std::fs::read_to_string(&marker).expect("marker");
    text.push_str("0000000000000000 blog/keep.txt\n0000000000000000 12 34 blog/other.txt\n");
    std::fs::write(&marker, text).expect("marker");
    let before = snapshot(outside.path(), &[]);

    let run = site.build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(&format!(
            "error: {} is a symbolic link, and Shingle never writes through a link it did not make",
            public.join("blog").display()
        )),
        "{}",
        run.stderr()
    );
    assert!(snapshot(outside.path(), &[]) == before, "files behind the link changed");

    // a link where the site needs nothing, listed in the marker, is left alone with what it points to
    std::fs::remove_file(public.join("blog")).expect("remove the link");
    std::os::unix::fs::symlink(outside.path(), public.join("archive")).expect("link");
    let text = std::fs::read_to_string(&marker).expect("marker").replace("blog/keep.txt", "archive/keep.txt");
    std::fs::write(&marker, text).expect("marker");
    site.build().success();
    assert!(snapshot(outside.path(), &[]) == before, "files behind the link changed");
    assert!(public.join("archive").is_symlink());

    // a link in place of a single file Shingle made is refused the same way
    std::os::unix::fs::symlink(outside.path().join("keep.txt"), public.join("robots.txt.tmp")).expect("link");
    std::fs::rename(public.join("robots.txt.tmp"), public.join("robots.txt")).expect("swap");
    let run = site.build();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("robots.txt is a symbolic link"), "{}", run.stderr());
    assert_eq!(std::fs::read_to_string(outside.path().join("keep.txt")).expect("read"), "keep");
}

/// Row 42: a build killed at any moment (here: just before its Nth change to the disk, at many
/// points from the first staged file to the last rename), then the earlier input built again,
/// gives exactly the output of a clean build, with no orphans and nothing left staged — for an
/// output folder made before and for a new one.
#[test]
fn row_42_a_build_killed_at_any_moment_is_repaired_by_the_next() {
    let site = blog(200);
    let path = |name: &str| site.root().join(name).to_str().expect("utf-8").to_string();
    let run = |args: &[&str], fault: Option<usize>| {
        let env: Vec<(&str, String)> = fault.map(|n| ("SHINGLE_FAULT_AFTER", n.to_string())).into_iter().collect();
        let output = build_with(&site, args, &env);
        let code = output.status.code();
        assert!(
            code == Some(0) || (fault.is_some() && code == Some(99)),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    run(&["--output", &path("clean")], None);
    let expected = tree(&site.root().join("clean"));
    let expected_listing = listing(&site.root().join("clean"));
    // the build that is killed changes every page (another address) and adds the drafts
    let other = ["--base-url", "http://localhost:9999/", "--drafts"];
    run(&["--output", &path("before")], None);
    let files = expected.len();
    // about one change per file to stage it, then one per file to move it into place
    let steps = 2 * files + 8;
    let mut points: Vec<usize> = vec![1, 2, files / 2, files - 1, files + 1, files + 2, files + 3, files + 4];
    points.extend((1..=8).map(|i| files + i * (steps - files) / 8));
    points.push(steps + 20);

    let check = |point: usize, existing: bool| {
        let name = format!("out-{point}-{existing}");
        let out = site.root().join(&name);
        if existing {
            // a copy of the folder as a build left it (hard links keep each file's stamp)
            link_copy(&site.root().join("before"), &out);
        }
        let out_arg = path(&name);
        let mut args = vec!["--output", out_arg.as_str()];
        args.extend(other);
        run(&args, Some(point));
        run(&["--output", &out_arg], None);
        let where_ = format!("killed before change {point} of about {steps}, existing output: {existing}");
        assert!(tree(&out) == expected, "{where_}: the output differs from a clean build");
        assert_eq!(listing(&out), expected_listing, "{where_}: stray files");
        assert!(!site.root().join(format!(".{name}.shingle-staging")).exists(), "{where_}: staging left beside");
    };
    let (evens, odds): (Vec<usize>, Vec<usize>) = points.iter().partition(|p| *p % 2 == 0);
    std::thread::scope(|scope| {
        scope.spawn(|| evens.iter().for_each(|&p| check(p, true)));
        scope.spawn(|| odds.iter().for_each(|&p| check(p, true)));
    });
    for point in [1, files / 2, files + 2] {
        check(point, false);
    }
}

/// A copy of `from` at `to` whose files are hard links, so they keep their size and time.
fn link_copy(from: &Path, to: &Path) {
    common::copy_tree(from, to, |from, to| std::fs::hard_link(from, to).expect("link"));
}

/// Waits (30 s at most) until another process holds the build lock `path`.
fn wait_until_locked(path: &Path) {
    let lock = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(path).expect("lock file");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match lock.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) => return,
            Ok(()) => lock.unlock().expect("unlock"),
            Err(std::fs::TryLockError::Error(e)) => panic!("lock: {e}"),
        }
        assert!(Instant::now() < deadline, "the first build never took the lock");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Row 49: two different sites built into one output folder at once. The second waits for the
/// first and says so; both succeed, and the folder ends up exactly as a clean build of the
/// second site, never a mix with pages missing.
#[test]
fn row_49_two_sites_building_into_one_folder_take_turns() {
    let first_site = blog(1500);
    let second_site = SiteTest::fixture("basic");
    let shared = tempfile::tempdir().expect("temp dir");
    let out = shared.path().join("public");
    let out_arg = out.to_str().expect("utf-8").to_string();
    let start = |site: &SiteTest| {
        Command::new(env!("CARGO_BIN_EXE_shingle"))
            .args(["build", "--output", &out_arg, "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start shingle")
    };
    let first = start(&first_site);
    wait_until_locked(&shared.path().join(".shingle.lock"));
    let second = start(&second_site).wait_with_output().expect("second build");
    let first = first.wait_with_output().expect("first build");
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(second.status.code(), Some(0), "{}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(
        String::from_utf8_lossy(&second.stderr),
        format!("Another Shingle build is writing into {}; waiting for it to finish…\n", out.display())
    );
    let clean = shared.path().join("clean");
    build_with(&second_site, &["--output", clean.to_str().expect("utf-8")], &[]);
    assert!(tree(&out) == tree(&clean), "the shared folder is not the second site's clean build");
}

/// A file of the output changed by hand (here: one of the same size, and one shorter) is put
/// back by the next build: Shingle trusts what the disk shows, not its marker.
#[test]
fn a_file_changed_by_hand_in_the_output_is_put_back() {
    let site = SiteTest::fixture("basic");
    site.build().success();
    let public = site.root().join("public");
    let clean = tree(&public);
    let about = public.join("about/index.html");
    let text = std::fs::read_to_string(&about).expect("read");
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&about, text.replace("About", "Abxut")).expect("same size");
    std::fs::write(public.join("robots.txt"), "User-agent: *\n").expect("shorter");
    site.build().success();
    assert!(tree(&public) == clean, "a file changed by hand was not put back");
}
