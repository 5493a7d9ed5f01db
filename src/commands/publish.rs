//! `shingle publish`: checks the site as `shingle check` does and refuses one with errors or
//! example text; then builds it into a temporary folder and either commits that folder to a
//! branch (`gh-pages` for GitHub Pages, `pages` for Codeberg) and pushes it with the user's own
//! `git` and credentials, or packs it into a zip for hosts that take an upload.
//!
//! The branch is written with git's plumbing through an index of its own, so the user's working
//! tree, index, current branch and stash are never touched. The only network use in Shingle is
//! the `git fetch` and `git push` run here.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::commands::{build, check};
use crate::error::{Error, plain_io};
use crate::load::config::Config;
use crate::output::MARKER;

/// Where the site goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// A branch of a git remote, which the host serves.
    Branch {
        /// The branch; `None` chooses the host's usual one (`pages` on Codeberg, else `gh-pages`).
        branch: Option<String>,
        /// The remote to push to.
        remote: String,
        /// The commit message; a default names the date-free summary of what was published.
        message: Option<String>,
    },
    /// A zip archive at this path.
    Zip(PathBuf),
}

/// What `shingle publish` was asked.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    /// The folder holding `site.toml`.
    pub root: PathBuf,
    /// The address to build for, replacing `base_url` of site.toml.
    pub base_url: Option<String>,
    /// Where the site goes.
    pub target: Target,
}

/// Publishes the site; returns what to tell the user. A site with errors is refused with its
/// report printed, as `Error::Site` with nothing in it (the report is said already).
pub fn publish(options: &PublishOptions) -> Result<String, Error> {
    let repo = match &options.target {
        Target::Branch { remote, .. } => Some(Repo::find(&options.root, remote)?),
        Target::Zip(_) => None,
    };
    let config = Config::load(&options.root)?;
    let address = options.base_url.clone().or_else(|| {
        let remote_url = repo.as_ref().map(|r| r.remote_url.as_str())?;
        crate::examples::is_placeholder_address(&config.base_url).then(|| pages_address(remote_url, &config))?
    });
    let worked_out = options.base_url.is_none() && address.is_some();
    let (report, rendered) = check::check_and_render(&options.root, address)?;
    if report.errors() > 0 {
        print!("{}", report.text());
        let noun = if report.errors() == 1 { "error" } else { "errors" };
        eprintln!("\nNothing was published: {} {noun} to fix first (the list above).", report.errors());
        return Err(Error::Site(Vec::new()));
    }
    // warnings do not stop a publish, but she should see them
    eprint!("{}", crate::error::warnings_text(&report.diagnostics, report.warnings()));
    let Some((loaded, files)) = rendered else {
        return Err(Error::Other("the site could not be rendered".to_string()));
    };
    let pages = report.pages;
    let address = loaded.site.config.base_url.clone();
    let work = tempfile::tempdir().map_err(|e| Error::io(&std::env::temp_dir(), "create a folder in", &e))?;
    let built = work.path().join("site");
    build::write_rendered(&loaded.site, files, &built)?;
    let pages_text = if pages == 1 { "1 page".to_string() } else { format!("{pages} pages") };
    match (&options.target, repo) {
        (Target::Zip(path), _) => {
            let count = zip_folder(&built, path)?;
            Ok(format!(
                "Packed {pages_text} ({count} files) into {} for {address}\n\
                 Upload it to your host: on Netlify, drag it onto app.netlify.com/drop; on Cloudflare Pages,\n\
                 choose \"Upload assets\"; with a file manager or SFTP, unpack it into the folder your host serves.",
                path.display()
            ))
        }
        (Target::Branch { branch, message, .. }, Some(repo)) => {
            let branch = branch.clone().unwrap_or_else(|| usual_branch(&repo.remote_url).to_string());
            let message = message.clone().unwrap_or_else(|| format!("Publish {pages_text} for {address}"));
            let pushed = repo.publish(&built, &branch, &message)?;
            let how = if worked_out {
                " (worked out from your remote; set base_url in site.toml to choose another)".to_string()
            } else {
                String::new()
            };
            let what = if pushed { "Published" } else { "Nothing had changed since the last publish of" };
            Ok(format!(
                "{what} {pages_text} to the {branch} branch of {} ({}).\n\
                 Your site is at {address}{how}; a host takes a minute or two to show a new version.\n\
                 {}",
                repo.remote,
                repo.remote_url,
                first_time_hint(&repo.remote_url, &branch)
            ))
        }
        (Target::Branch { .. }, None) => unreachable!("a branch target always finds its repository first"),
    }
}

/// The branch the host of `remote_url` serves by convention.
fn usual_branch(remote_url: &str) -> &'static str {
    if host_and_path(remote_url).is_some_and(|(host, _)| host == "codeberg.org") { "pages" } else { "gh-pages" }
}

/// What to set once on the host so it serves the branch.
fn first_time_hint(remote_url: &str, branch: &str) -> String {
    match host_and_path(remote_url).map(|(host, _)| host) {
        Some(host) if host == "github.com" => format!(
            "The first time: on GitHub, open your repository's Settings > Pages, and under \"Build and deployment\"\n\
             choose \"Deploy from a branch\", then the branch {branch} and the folder / (root), and Save."
        ),
        Some(host) if host == "codeberg.org" => {
            "Codeberg Pages serves the pages branch by itself; nothing to set up.".to_string()
        }
        _ => format!("If this is the first time, tell your host to serve the {branch} branch."),
    }
}

/// The address GitHub Pages or Codeberg Pages gives the site of `remote_url`, or the site's own
/// domain when it has one.
fn pages_address(remote_url: &str, config: &Config) -> Option<String> {
    if let Some(domain) = &config.domain {
        return Some(format!("https://{domain}/"));
    }
    let (host, path) = host_and_path(remote_url)?;
    let (owner, repo) = path.split_once('/')?;
    let owner = owner.to_ascii_lowercase();
    match host.as_str() {
        "github.com" if repo.eq_ignore_ascii_case(&format!("{owner}.github.io")) => {
            Some(format!("https://{owner}.github.io/"))
        }
        "github.com" => Some(format!("https://{owner}.github.io/{repo}/")),
        "codeberg.org" if repo.eq_ignore_ascii_case("pages") => Some(format!("https://{owner}.codeberg.page/")),
        "codeberg.org" => Some(format!("https://{owner}.codeberg.page/{repo}/")),
        _ => None,
    }
}

/// The host (lower case) and the `owner/repo` path of a remote's URL, in any of git's forms:
/// `https://github.com/o/r.git`, `git@github.com:o/r.git`, `ssh://git@github.com/o/r`.
fn host_and_path(url: &str) -> Option<(String, String)> {
    let (host, path) = match url.split_once("://") {
        Some((_, rest)) => rest.split_once('/')?,
        None => url.split_once(':')?,
    };
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let path = path.trim_matches('/').trim_end_matches(".git").to_string();
    (path.split('/').count() == 2).then_some((host, path))
}

/// The user's git repository holding the site, and the remote to publish to.
struct Repo {
    /// The top of the working tree.
    top: PathBuf,
    /// Where git keeps the repository (`.git`, or elsewhere for a worktree).
    git_dir: PathBuf,
    /// The remote's name and address.
    remote: String,
    remote_url: String,
}

impl Repo {
    /// Finds git, the repository around `root`, and `remote` in it; each missing piece is an
    /// error saying how to put it there.
    fn find(root: &Path, remote: &str) -> Result<Repo, Error> {
        let top = git(root, ["rev-parse", "--show-toplevel"])
            .map_err(|err| match err {
                GitError::Missing => Error::Other(
                    "Shingle publishes through git, and git is not installed on this computer\n  \
                     install it from git-scm.com (on a Mac, run: xcode-select --install), or build a zip to upload instead:\n  \
                     shingle publish --zip site.zip"
                        .to_string(),
                ),
                GitError::Failed(_) => Error::Other(format!(
                    "{} is not in a git repository, so there is nowhere to publish from\n  \
                     create one on GitHub, then in this folder run:\n    \
                     git init\n    git remote add origin https://github.com/YOUR-NAME/YOUR-SITE.git\n  \
                     or build a zip to upload instead: shingle publish --zip site.zip",
                    root.display()
                )),
            })?
            .trim()
            .to_string();
        let top = PathBuf::from(top);
        let remote_url = match git(&top, ["remote", "get-url", remote]) {
            Ok(url) => url.trim().to_string(),
            Err(_) => {
                let known = git(&top, ["remote"]).unwrap_or_default();
                let known: Vec<&str> = known.lines().collect();
                let help = if known.is_empty() {
                    "add the repository you made on GitHub (or Codeberg):\n    \
                     git remote add origin https://github.com/YOUR-NAME/YOUR-SITE.git"
                        .to_string()
                } else {
                    format!("this repository's remotes are: {}; choose one with --remote", known.join(", "))
                };
                return Err(Error::Other(format!("this repository has no remote called '{remote}'\n  {help}")));
            }
        };
        let git_dir = git(&top, ["rev-parse", "--absolute-git-dir"])
            .map_err(|err| Error::Other(format!("git could not say where this repository is kept: {err}")))?;
        Ok(Repo { top, git_dir: PathBuf::from(git_dir.trim()), remote: remote.to_string(), remote_url })
    }

    /// Commits the folder `built` to `branch`, on top of what the remote has there, and pushes
    /// it; `Ok(false)` when the remote already has exactly that site.
    fn publish(&self, built: &Path, branch: &str, message: &str) -> Result<bool, Error> {
        if git(&self.top, ["check-ref-format", "--branch", branch]).is_err() {
            return Err(Error::Other(format!(
                "'{branch}' cannot be the name of a git branch\n  choose another with --branch"
            )));
        }
        let current = git(&self.top, ["symbolic-ref", "--quiet", "--short", "HEAD"]).unwrap_or_default();
        if current.trim() == branch {
            return Err(Error::Other(format!(
                "you are on the {branch} branch, which holds the published site, not its sources\n  \
                 switch back to your own branch first (for example: git switch main)"
            )));
        }
        let parent = self.published_commit(branch)?;
        let tree = self.tree_of(built)?;
        if let Some(parent) = &parent {
            let parent_tree = git(&self.top, ["rev-parse", &format!("{parent}^{{tree}}")]).unwrap_or_default();
            if parent_tree.trim() == tree {
                self.update_branch(branch, parent)?;
                return Ok(false);
            }
        }
        let mut args = vec!["commit-tree".to_string(), tree, "-m".to_string(), message.to_string()];
        if let Some(parent) = &parent {
            args.extend(["-p".to_string(), parent.clone()]);
        }
        let commit = self.git_as_user(&args)?;
        self.update_branch(branch, &commit)?;
        self.push(&commit, branch)?;
        Ok(true)
    }

    /// The commit the remote's `branch` points at (fetched, so history carries on from any
    /// computer), or the local branch's when the remote has none yet; `None` for a first publish.
    fn published_commit(&self, branch: &str) -> Result<Option<String>, Error> {
        let remote_ref = format!("refs/remotes/{}/{branch}", self.remote);
        let fetch = Command::new("git")
            .current_dir(&self.top)
            .args(["fetch", "--quiet", "--no-tags", &self.remote])
            .arg(format!("+refs/heads/{branch}:{remote_ref}"))
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error::Other(format!("could not run git: {}", plain_io(&e))))?;
        if !fetch.status.success() {
            let said = String::from_utf8_lossy(&fetch.stderr);
            if !said.contains("couldn't find remote ref") {
                return Err(self.network_error(&said, "read"));
            }
            // the remote has no such branch: a first publish, unless a local one carries on
            return Ok(git(
                &self.top,
                ["rev-parse", "--verify", "--quiet", &format!("refs/heads/{branch}^{{commit}}")],
            )
            .ok()
            .map(|s| s.trim().to_string()));
        }
        Ok(git(&self.top, ["rev-parse", "--verify", "--quiet", &format!("{remote_ref}^{{commit}}")])
            .ok()
            .map(|s| s.trim().to_string()))
    }

    /// Writes every file of `built` into git's object store as one tree, through an index of
    /// its own (the user's index is never read or written); returns the tree's id.
    fn tree_of(&self, built: &Path) -> Result<String, Error> {
        let index = built.with_file_name("publish.index");
        let run = |args: &[&OsStr]| -> Result<String, Error> {
            let output = Command::new("git")
                .current_dir(built)
                .arg("--git-dir")
                .arg(&self.git_dir)
                .arg("--work-tree")
                .arg(built)
                .args(args)
                .env("GIT_INDEX_FILE", &index)
                .stdin(Stdio::null())
                .output()
                .map_err(|e| Error::Other(format!("could not run git: {}", plain_io(&e))))?;
            if output.status.success() {
                Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
            } else {
                Err(Error::Other(format!("git could not store the built site: {}", said(&output))))
            }
        };
        // --force: the user's own ignore rules (a global *.log, say) must not leave a file out
        let exclude = format!(":(exclude){MARKER}");
        run(&["add".as_ref(), "--all".as_ref(), "--force".as_ref(), "--".as_ref(), ".".as_ref(), exclude.as_ref()])?;
        run(&["write-tree".as_ref()])
    }

    /// Runs git to make a commit, as the user when git knows who she is.
    fn git_as_user(&self, args: &[String]) -> Result<String, Error> {
        let known = git(&self.top, ["config", "user.email"]).is_ok_and(|email| !email.trim().is_empty());
        let mut command = Command::new("git");
        command.current_dir(&self.top).args(args).stdin(Stdio::null());
        if !known {
            // a commit needs a name; the published branch gets the site's, not a guess at hers
            for variable in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] {
                command.env(variable, "Shingle");
            }
            for variable in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] {
                command.env(variable, "shingle@localhost");
            }
        }
        let output = command.output().map_err(|e| Error::Other(format!("could not run git: {}", plain_io(&e))))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
        } else {
            Err(Error::Other(format!("git could not record the built site: {}", said(&output))))
        }
    }

    /// Points the local `branch` at `commit`, without checking anything out.
    fn update_branch(&self, branch: &str, commit: &str) -> Result<(), Error> {
        git(&self.top, ["update-ref", "-m", "shingle publish", &format!("refs/heads/{branch}"), commit])
            .map(drop)
            .map_err(|err| Error::Other(format!("git could not update the {branch} branch: {err}")))
    }

    /// Pushes `commit` to the remote's `branch` with the user's own credentials.
    fn push(&self, commit: &str, branch: &str) -> Result<(), Error> {
        let output = Command::new("git")
            .current_dir(&self.top)
            .args(["push", "--quiet", &self.remote, &format!("{commit}:refs/heads/{branch}")])
            .stdin(Stdio::inherit())
            .output()
            .map_err(|e| Error::Other(format!("could not run git: {}", plain_io(&e))))?;
        if output.status.success() {
            return Ok(());
        }
        let said = String::from_utf8_lossy(&output.stderr);
        if said.contains("[rejected]") || said.contains("non-fast-forward") || said.contains("fetch first") {
            return Err(Error::Other(format!(
                "{} refused the new version of the {branch} branch: it changed while Shingle was building\n  \
                 run shingle publish again",
                self.remote
            )));
        }
        if said.contains("[remote rejected]") || said.contains("protected branch") {
            return Err(Error::Other(format!(
                "{} refused the {branch} branch: {}\n  \
                 check the branch protection rules in your repository's settings, or choose another branch with --branch",
                self.remote,
                said.lines().find(|l| l.contains("rejected")).unwrap_or("").trim()
            )));
        }
        Err(self.network_error(&said, "send to"))
    }

    /// The error for a failed fetch or push: offline, not allowed, or what git said.
    fn network_error(&self, said: &str, action: &str) -> Error {
        let lower = said.to_ascii_lowercase();
        let missing = ["does not appear to be a git repository", "repository not found", "not found"];
        let offline = [
            "could not resolve host",
            "unable to access",
            "connection refused",
            "connection timed out",
            "network is unreachable",
            "could not read from remote repository",
        ];
        let denied = [
            "authentication failed",
            "permission denied",
            "403",
            "could not read username",
            "terminal prompts disabled",
        ];
        if denied.iter().any(|d| lower.contains(d)) {
            Error::Other(format!(
                "{} ({}) did not accept your credentials, so nothing was published\n  \
                 check that you can push to it: run git push once from this folder and sign in when asked",
                self.remote, self.remote_url
            ))
        } else if missing.iter().any(|m| lower.contains(m)) {
            Error::Other(format!(
                "there is no repository at the address of {} ({}), so nothing was published\n  \
                 check the address with: git remote -v (change it with: git remote set-url {} NEW-ADDRESS)",
                self.remote, self.remote_url, self.remote
            ))
        } else if offline.iter().any(|o| lower.contains(o)) {
            Error::Other(format!(
                "could not reach {} ({}): are you online? Nothing was published\n  \
                 check your connection and run shingle publish again",
                self.remote, self.remote_url
            ))
        } else {
            Error::Other(format!("git could not {action} {} ({}): {}", self.remote, self.remote_url, said.trim()))
        }
    }
}

/// How running git went wrong.
#[derive(Debug)]
enum GitError {
    /// There is no git to run.
    Missing,
    /// It ran and failed, saying this.
    Failed(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Missing => write!(f, "git is not installed"),
            GitError::Failed(said) => write!(f, "{said}"),
        }
    }
}

/// Runs `git ARGS` in `dir` without input; its standard output, or why it failed.
fn git<I, S>(dir: &Path, args: I) -> Result<String, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new("git").current_dir(dir).args(args).stdin(Stdio::null()).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound { GitError::Missing } else { GitError::Failed(plain_io(&e)) }
    })?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).to_string())
    } else {
        Err(GitError::Failed(said(&output)))
    }
}

/// What a failed git command said, on one line.
fn said(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).trim().replace('\n', " ")
}

/// Packs every file of `folder` (but Shingle's marker) into a zip at `path`, in path order with a
/// fixed time, so the same site gives the same archive; returns how many files it holds. The
/// archive is written beside its place and moved there once complete.
fn zip_folder(folder: &Path, path: &Path) -> Result<usize, Error> {
    use zip::write::SimpleFileOptions;
    let partial = path.with_extension("zip.partial");
    let file = std::fs::File::create(&partial).map_err(|e| Error::io(&partial, "create", &e))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut count = 0;
    let fail = |e: &dyn std::fmt::Display| Error::Other(format!("could not write {}: {e}", partial.display()));
    for entry in walkdir::WalkDir::new(folder).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| fail(&e))?;
        let name = crate::error::display_path(folder, entry.path());
        if !entry.file_type().is_file() || name == MARKER {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), "read", &e))?;
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(&bytes).map_err(|e| fail(&e))?;
        count += 1;
    }
    let mut writer = zip.finish().map_err(|e| fail(&e))?;
    writer.flush().map_err(|e| Error::io(&partial, "write", &e))?;
    drop(writer);
    std::fs::rename(&partial, path).map_err(|e| Error::io(path, "create", &e))?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(domain: Option<&str>) -> Config {
        let mut config =
            Config::parse("title = \"t\"\nbase_url = \"https://your-business.example\"\n").expect("config");
        config.domain = domain.map(str::to_string);
        config
    }

    #[test]
    fn the_pages_address_comes_from_the_remote() {
        let none = config(None);
        for (remote, address) in [
            ("https://github.com/SamCole/desk.git", "https://samcole.github.io/desk/"),
            ("git@github.com:samcole/desk.git", "https://samcole.github.io/desk/"),
            ("ssh://git@github.com/samcole/desk", "https://samcole.github.io/desk/"),
            ("https://github.com/samcole/samcole.github.io", "https://samcole.github.io/"),
            ("https://codeberg.org/sam/desk.git", "https://sam.codeberg.page/desk/"),
            ("https://codeberg.org/sam/pages.git", "https://sam.codeberg.page/"),
        ] {
            assert_eq!(pages_address(remote, &none).as_deref(), Some(address), "{remote}");
        }
        assert_eq!(pages_address("https://gitlab.example/sam/desk.git", &none), None);
        assert_eq!(pages_address("/srv/git/desk.git", &none), None);
        let own = config(Some("www.samcole.co.uk"));
        assert_eq!(
            pages_address("https://github.com/samcole/desk.git", &own).as_deref(),
            Some("https://www.samcole.co.uk/")
        );
    }

    #[test]
    fn codeberg_serves_the_pages_branch() {
        assert_eq!(usual_branch("https://codeberg.org/sam/desk.git"), "pages");
        assert_eq!(usual_branch("git@github.com:sam/desk.git"), "gh-pages");
        assert_eq!(usual_branch("/srv/git/desk.git"), "gh-pages");
    }
}
