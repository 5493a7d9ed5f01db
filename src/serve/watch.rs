//! Watching the site for changes: site.toml (the root folder, without recursion, so a save by
//! rename and a deleted and re-created folder are seen), and content/, static/, templates/ and
//! themes/ with everything in them. Editor temp files and everything else at the top (the output
//! folder, the build lock) are ignored. A burst of events becomes one [`Batch`] once the files
//! have been quiet for a moment, saying what the change touched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify::{EventKind, PollWatcher, RecursiveMode, Watcher};

use crate::content::is_ignored;
use crate::error::Error;

/// The folders watched with everything in them.
const FOLDERS: [&str; 4] = ["content", "static", "templates", "themes"];
/// How long the files must stay quiet before a batch of changes is built.
pub const QUIET: Duration = Duration::from_millis(10);
/// The longest a batch waits for quiet, so a long stream of changes still gets built (long
/// enough for a checkout or a copy of hundreds of files on a slow disk to be one batch).
pub const MAX_WAIT: Duration = Duration::from_millis(1000);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// What one burst of changes touched.
#[derive(Debug, Default)]
pub struct Batch {
    /// Settings, templates or a theme changed, or the watcher lost track: build everything.
    pub full: bool,
    /// A content file changed.
    pub content: bool,
    /// The paths in content/ that changed.
    pub content_paths: BTreeSet<PathBuf>,
    /// Files (or folders) in static/ that changed.
    pub statics: BTreeSet<PathBuf>,
    /// How many events came in.
    pub events: usize,
    /// When the first one came in.
    pub first_seen: Option<SystemTime>,
    /// How long the batch waited for quiet after its first event.
    pub waited: Duration,
    /// Folders at the top of the site that were created or removed, to watch again.
    rewatch: BTreeSet<&'static str>,
}

/// A running watcher and the events it reports.
pub struct Watch {
    root: PathBuf,
    watcher: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<&'static str>,
}

impl Watch {
    /// Starts watching the site at `root` (an absolute path); `poll` looks at the files every
    /// 300 ms instead of waiting for the system to report changes.
    pub fn start(root: &Path, poll: bool) -> Result<Watch, Error> {
        let (sender, events) = mpsc::channel();
        let watcher: Box<dyn Watcher + Send> = if poll {
            // file times are compared in whole seconds, so contents are compared too: a second
            // save within the same second is still seen
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true);
            Box::new(PollWatcher::new(sender, config).map_err(|e| watch_error(root, &e))?)
        } else {
            Box::new(notify::recommended_watcher(sender).map_err(|e| watch_error(root, &e))?)
        };
        let mut watch = Watch { root: root.to_path_buf(), watcher, events, watched: BTreeSet::new() };
        watch.watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| watch_error(root, &e))?;
        for problem in watch.refresh() {
            eprintln!("{problem}");
        }
        Ok(watch)
    }

    /// Watches the folders that exist and are not watched yet (again, after one was deleted and
    /// re-created). Returns a warning for each folder that cannot be watched.
    pub fn refresh(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        for folder in FOLDERS {
            let path = self.root.join(folder);
            if !path.is_dir() {
                if self.watched.remove(folder) {
                    let _ = self.watcher.unwatch(&path);
                }
                continue;
            }
            if self.watched.contains(folder) {
                continue;
            }
            match self.watcher.watch(&path, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(folder);
                }
                Err(err) => problems.push(format!(
                    "warning: changes in {folder}/ will not be seen: {err}\n  restart with --poll to look for changes instead"
                )),
            }
        }
        problems
    }

    /// Waits for the next burst of changes and returns it once the files are quiet, after
    /// watching again any top folder it re-created. `None` when the watcher has stopped.
    pub fn next_batch(&mut self) -> Option<Batch> {
        let mut batch = Batch::default();
        loop {
            let event = self.events.recv().ok()?;
            if self.take(event, &mut batch) {
                break;
            }
        }
        let first = Instant::now();
        batch.first_seen = Some(SystemTime::now());
        let mut last = first;
        loop {
            let wait = QUIET.saturating_sub(last.elapsed()).min(MAX_WAIT.saturating_sub(first.elapsed()));
            if wait.is_zero() {
                break;
            }
            match self.events.recv_timeout(wait) {
                Ok(event) => {
                    if self.take(event, &mut batch) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        batch.waited = first.elapsed();
        for folder in std::mem::take(&mut batch.rewatch) {
            if self.watched.remove(folder) {
                let _ = self.watcher.unwatch(&self.root.join(folder));
            }
        }
        for problem in self.refresh() {
            eprintln!("{problem}");
        }
        Some(batch)
    }

    /// Adds one event to the batch; false when it touched nothing the site is built from.
    fn take(&self, event: notify::Result<notify::Event>, batch: &mut Batch) -> bool {
        let event = match event {
            Ok(event) => event,
            // the watcher lost track of something: only a full build is sure to be right
            Err(_) => {
                batch.full = true;
                batch.events += 1;
                return true;
            }
        };
        if event.need_rescan() {
            batch.full = true;
            batch.rewatch.extend(FOLDERS);
            batch.events += 1;
            return true;
        }
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        let mut relevant = false;
        for path in &event.paths {
            if classify(&self.root, path, batch) {
                relevant = true;
            }
        }
        if relevant {
            batch.events += 1;
        }
        relevant
    }
}

/// Adds a changed path to the batch; false when the site is not built from it.
fn classify(root: &Path, path: &Path, batch: &mut Batch) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let Some(top) = parts.first() else { return false };
    if parts.iter().any(|part| is_ignored(part)) {
        return false;
    }
    if parts.len() == 1 {
        if top == "site.toml" {
            batch.full = true;
            return true;
        }
        let Some(folder) = FOLDERS.iter().find(|f| *f == top) else { return false };
        batch.full = true;
        batch.rewatch.insert(folder);
        return true;
    }
    match top.as_str() {
        "content" => {
            batch.content = true;
            batch.content_paths.insert(path.to_path_buf());
        }
        "static" => {
            batch.statics.insert(path.to_path_buf());
        }
        "templates" | "themes" => batch.full = true,
        _ => return false,
    }
    true
}

fn watch_error(root: &Path, err: &notify::Error) -> Error {
    Error::Other(format!(
        "could not watch {} for changes: {err}\n  try again with --poll, which looks for changes instead of waiting to be told",
        root.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch_for(paths: &[&str]) -> (Batch, Vec<bool>) {
        let root = Path::new("/site");
        let mut batch = Batch::default();
        let taken = paths.iter().map(|p| classify(root, &root.join(p), &mut batch)).collect();
        (batch, taken)
    }

    #[test]
    fn editor_temp_files_and_the_output_folder_are_ignored() {
        let (batch, taken) = batch_for(&[
            "content/.about.md.swp",
            "content/.about.md.swx",
            "content/about.md~",
            "content/4913",
            "content/.#about.md",
            "content/#about.md#",
            "content/.hidden/page.md",
            "public/index.html",
            "public",
            ".shingle.lock",
            "notes.txt",
        ]);
        assert_eq!(taken, vec![false; 11]);
        assert!(!batch.full && !batch.content && batch.statics.is_empty());
    }

    /// What a batch touched, in one word.
    fn scope(batch: &Batch) -> &'static str {
        if batch.full {
            "full"
        } else if batch.content {
            "content"
        } else {
            "static"
        }
    }

    #[test]
    fn each_change_says_what_it_touched() {
        let (batch, _) = batch_for(&["content/about.md"]);
        assert_eq!(scope(&batch), "content");
        let (batch, _) = batch_for(&["static/style.css"]);
        assert_eq!((scope(&batch), batch.statics.len()), ("static", 1));
        for path in ["site.toml", "templates/base.html", "themes/own/templates/page.html", "content", "static"] {
            assert_eq!(scope(&batch_for(&[path]).0), "full", "{path}");
        }
        let (batch, _) = batch_for(&["content"]);
        assert!(batch.rewatch.contains("content"));
    }
}
