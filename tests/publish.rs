//! `shingle publish`, against a bare repository on this machine standing for GitHub: the branch
//! holds exactly the built site, history carries on, the user's own branch, index and files are
//! never touched, a site with errors or example text is refused, and each way git can fail gets
//! its own plain answer. `--zip` packs exactly the built site.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{SiteTest, tree};

/// `git ARGS` in `dir`, with no user or system configuration, which must succeed.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = git_output(dir, args);
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn git_output(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("HOME", dir.join("no-home"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_CONFIG_GLOBAL")
        .output()
        .expect("run git")
}

/// `shingle publish ARGS --root SITE`, as a VA with no git identity and no terminal to prompt on.
fn publish(site: &SiteTest, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shingle"))
        .arg("publish")
        .args(args)
        .arg("--root")
        .arg(site.root())
        .env("HOME", site.root().join("no-home"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_CONFIG_GLOBAL")
        .output()
        .expect("run shingle")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// The basic site with its own domain, committed in a repository whose `origin` is a bare
/// repository in `remote/`; returns the site and the remote's path.
fn site_in_a_repository() -> (SiteTest, tempfile::TempDir, PathBuf) {
    let site = SiteTest::fixture("basic");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    std::fs::write(
        site.root().join("site.toml"),
        toml.replacen("theme = ", "domain = \"www.fernhill-admin.co.uk\"\ntheme = ", 1),
    )
    .expect("write");
    let remote_dir = tempfile::tempdir().expect("temp dir");
    let remote = remote_dir.path().join("remote.git");
    git(remote_dir.path(), &["init", "--quiet", "--bare", "remote.git"]);
    let root = site.root();
    git(root, &["init", "--quiet", "--initial-branch", "main"]);
    git(root, &["config", "user.name", "Ada Fern"]);
    git(root, &["config", "user.email", "ada@fernhill.example"]);
    // as the starter site ignores them: the built site and Shingle's picture cache
    std::fs::write(root.join(".gitignore"), "public/\n.shingle/\nno-home/\n").expect("ignore");
    git(root, &["add", "--all"]);
    git(root, &["commit", "--quiet", "-m", "My site"]);
    git(root, &["remote", "add", "origin", remote.to_str().expect("utf-8")]);
    (site, remote_dir, remote)
}

/// What the user has in her repository: the branch, the index byte for byte, and every file.
#[derive(Debug, PartialEq)]
struct HerState {
    head: String,
    index: Vec<u8>,
    status: String,
    files: Vec<(String, Vec<u8>)>,
}

fn her_state(root: &Path) -> HerState {
    HerState {
        head: git(root, &["rev-parse", "--symbolic-full-name", "HEAD"]) + &git(root, &["rev-parse", "HEAD"]),
        index: std::fs::read(root.join(".git/index")).expect("index"),
        status: git(root, &["status", "--porcelain=v1", "--untracked-files=all"]),
        files: tree(root)
            .into_iter()
            .filter(|(path, _)| !path.starts_with(".git/") && !path.starts_with(".shingle/cache/"))
            .collect(),
    }
}

/// The files of `branch` in the bare repository `remote`, checked out in a fresh folder.
fn published(remote: &Path, branch: &str) -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["clone", "--quiet", "--branch", branch, remote.to_str().expect("utf-8"), "copy"]);
    tree(&dir.path().join("copy")).into_iter().filter(|(path, _)| !path.starts_with(".git/")).collect()
}

/// What `shingle build` makes of the site, for comparison.
fn built(site: &SiteTest) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().expect("temp dir");
    let folder = out.path().join("site");
    site.run(&["build", "--output", folder.to_str().expect("utf-8")]).success();
    tree(&folder)
}

#[test]
fn the_branch_holds_exactly_the_built_site_and_her_work_is_untouched() {
    let (site, _remote_dir, remote) = site_in_a_repository();
    let root = site.root();
    // work in progress: one change staged, one not, one new file
    std::fs::write(root.join("content/about.md"), "+++\ntitle = \"About\"\n+++\nStaged words.\n").expect("write");
    git(root, &["add", "content/about.md"]);
    std::fs::write(root.join("content/about.md"), "+++\ntitle = \"About\"\n+++\nNewer words, not staged.\n")
        .expect("write");
    std::fs::write(root.join("notes.txt"), "ideas").expect("write");
    let before = her_state(root);

    let output = publish(&site, &[]);
    assert!(output.status.success(), "{}{}", text(&output.stdout), text(&output.stderr));
    let said = text(&output.stdout);
    assert!(said.starts_with("Published 17 pages to the gh-pages branch of origin ("), "{said}");
    assert!(said.contains("Your site is at https://example.github.io/fernhill/;"), "{said}");

    assert_eq!(her_state(root), before, "her branch, index and files are exactly as they were");
    let files = published(&remote, "gh-pages");
    assert_eq!(files, built(&site), "the branch holds exactly what a build makes");
    let names: Vec<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    assert!(names.contains(&".nojekyll") && names.contains(&"CNAME"), "{names:?}");
    assert!(names.contains(&"about/index.html"));
    let cname = files.iter().find(|(path, _)| path == "CNAME").map(|(_, bytes)| text(bytes));
    assert_eq!(cname.as_deref(), Some("www.fernhill-admin.co.uk\n"));
    assert_eq!(git(root, &["rev-parse", "refs/heads/gh-pages"]), git(&remote, &["rev-parse", "refs/heads/gh-pages"]));
}

#[test]
fn history_carries_on_from_one_publish_to_the_next() {
    let (site, _remote_dir, remote) = site_in_a_repository();
    let first = publish(&site, &[]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let first_commit = git(&remote, &["rev-parse", "gh-pages"]);

    std::fs::write(
        site.root().join("content/about.md"),
        "+++\ntitle = \"About Ada\"\n+++\nTwenty years of office management.\n",
    )
    .expect("write");
    let second = publish(&site, &["--message", "New about page"]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert_eq!(git(&remote, &["rev-list", "--count", "gh-pages"]).trim(), "2");
    assert_eq!(git(&remote, &["rev-parse", "gh-pages^"]), first_commit, "the second publish builds on the first");
    assert_eq!(git(&remote, &["log", "-1", "--format=%s", "gh-pages"]).trim(), "New about page");
    assert_eq!(published(&remote, "gh-pages"), built(&site));

    // the same site again: nothing new to record
    let third = publish(&site, &[]);
    assert!(third.status.success(), "{}", text(&third.stderr));
    assert!(
        text(&third.stdout).starts_with("Nothing had changed since the last publish of 17 pages"),
        "{}",
        text(&third.stdout)
    );
    assert_eq!(git(&remote, &["rev-list", "--count", "gh-pages"]).trim(), "2");

    // published from another computer meanwhile: the next publish starts from the remote's branch
    git(site.root(), &["branch", "--quiet", "-D", "gh-pages"]);
    std::fs::write(site.root().join("content/about.md"), "+++\ntitle = \"About Ada\"\n+++\nA new paragraph.\n")
        .expect("write");
    assert!(publish(&site, &["--branch", "gh-pages"]).status.success());
    assert_eq!(git(&remote, &["rev-list", "--count", "gh-pages"]).trim(), "3");
}

#[test]
fn a_site_with_errors_or_example_text_is_not_published() {
    let (site, _remote_dir, remote) = site_in_a_repository();
    let nothing_published = || {
        assert!(git_output(&remote, &["rev-parse", "--verify", "--quiet", "gh-pages"]).stdout.is_empty());
        assert!(git_output(site.root(), &["rev-parse", "--verify", "--quiet", "gh-pages"]).stdout.is_empty());
    };
    std::fs::write(
        site.root().join("content/about.md"),
        "+++\ntitle = \"About\"\n+++\nSee [my prices](@/services/gone.md).\n",
    )
    .expect("write");
    let output = publish(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stdout).starts_with("content/about.md:4:5: error: this link points to content/services/gone.md")
    );
    assert!(text(&output.stderr).contains("Nothing was published: 1 error to fix first"), "{}", text(&output.stderr));
    nothing_published();

    std::fs::write(site.root().join("content/about.md"), "+++\ntitle = \"About\"\n+++\nPLACEHOLDER: my story.\n")
        .expect("write");
    let output = publish(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "content/about.md:4:1: error: this is still the example text Shingle wrote: \"PLACEHOLDER:\"\n  \
         write your own words in its place\n\n1 error in 17 pages\n"
    );
    nothing_published();
}

#[test]
fn each_way_git_can_fail_has_its_own_answer() {
    // no repository at all
    let site = SiteTest::fixture("basic");
    let output = publish(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("is not in a git repository, so there is nowhere to publish from"),
        "{}",
        text(&output.stderr)
    );

    // no git on this computer
    let no_git = Command::new(env!("CARGO_BIN_EXE_shingle"))
        .args(["publish", "--root"])
        .arg(site.root())
        .env("PATH", site.root().join("no-programs-here"))
        .output()
        .expect("run shingle");
    assert_eq!(no_git.status.code(), Some(1));
    assert!(
        text(&no_git.stderr).starts_with("error: Shingle publishes through git, and git is not installed"),
        "{}",
        text(&no_git.stderr)
    );
    assert!(text(&no_git.stderr).contains("shingle publish --zip site.zip"));

    // a repository with no remote
    let (site, _remote_dir, _) = site_in_a_repository();
    git(site.root(), &["remote", "remove", "origin"]);
    let output = publish(&site, &[]);
    assert_eq!(
        text(&output.stderr),
        "error: this repository has no remote called 'origin'\n  add the repository you made on GitHub (or Codeberg):\n    \
         git remote add origin https://github.com/YOUR-NAME/YOUR-SITE.git\n"
    );

    // a remote that cannot be reached (nothing listens on this port)
    git(site.root(), &["remote", "add", "origin", "http://127.0.0.1:9/ada/fernhill.git"]);
    let output = publish(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr)
            .starts_with("error: could not reach origin (http://127.0.0.1:9/ada/fernhill.git): are you online?"),
        "{}",
        text(&output.stderr)
    );

    // a remote that refuses the push
    let (site, _remote_dir, remote) = site_in_a_repository();
    let hook = remote.join("hooks/pre-receive");
    std::fs::write(&hook, "#!/bin/sh\necho 'pushes to gh-pages are closed' >&2\nexit 1\n").expect("hook");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let output = publish(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).starts_with("error: origin refused the gh-pages branch: "),
        "{}",
        text(&output.stderr)
    );

    // a remote whose address leads nowhere
    git(site.root(), &["remote", "set-url", "origin", "/nowhere/at/all.git"]);
    let output = publish(&site, &[]);
    assert!(
        text(&output.stderr).starts_with("error: there is no repository at the address of origin"),
        "{}",
        text(&output.stderr)
    );

    // on the published branch itself
    let (site, _remote_dir, _) = site_in_a_repository();
    git(site.root(), &["switch", "--quiet", "-c", "gh-pages"]);
    let output = publish(&site, &[]);
    assert!(text(&output.stderr).contains("you are on the gh-pages branch"), "{}", text(&output.stderr));
}

#[test]
fn a_zip_holds_exactly_the_built_site() {
    let site = SiteTest::fixture("basic");
    let dir = tempfile::tempdir().expect("temp dir");
    let zip_path = dir.path().join("site.zip");
    let output = publish(&site, &["--zip", zip_path.to_str().expect("utf-8")]);
    assert!(output.status.success(), "{}{}", text(&output.stdout), text(&output.stderr));
    assert!(text(&output.stdout).starts_with("Packed 17 pages ("), "{}", text(&output.stdout));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("open")).expect("a zip");
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).expect("read");
        files.push((entry.name().expect("a name").to_string(), bytes));
    }
    files.sort();
    assert_eq!(files, built(&site));
    assert!(!dir.path().join("site.zip.partial").exists());
    // the same site packs to the same bytes
    let again = dir.path().join("again.zip");
    assert!(publish(&site, &["--zip", again.to_str().expect("utf-8")]).status.success());
    assert_eq!(std::fs::read(&zip_path).expect("read"), std::fs::read(&again).expect("read"));
}

#[test]
fn warnings_are_shown_but_do_not_stop_a_publish() {
    let site = SiteTest::fixture("basic").file("content/soon.md", "+++\ntitle = \"Coming soon\"\n+++\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let zip_path = dir.path().join("site.zip");
    let output = publish(&site, &["--zip", zip_path.to_str().expect("utf-8")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stderr),
        "content/soon.md: warning: this page has no text yet\n  write something below the front matter\n"
    );
    assert!(zip_path.is_file());
}
