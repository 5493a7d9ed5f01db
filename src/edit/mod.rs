//! Editing a site's files from the preview's forms: opening a content file as a form's values,
//! checking a change with the build's own checks, and saving it — in place, atomically, never
//! over a version changed on disk since the form opened, with the version before kept in the
//! history for undo. Also new files, deletion (into the history), a page's new address, photos
//! and the site's settings. It writes only the files a [`files::Place`] names: `content/`,
//! `static/images/`, `site.toml` and its own `.shingle/history/`. HTTP is `serve`'s business.

pub mod address;
pub mod check;
pub mod document;
pub mod files;
pub mod form;
pub mod front;
pub mod history;
pub mod lists;
pub mod settings;
pub mod upload;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Map, Value, json};

use crate::cli::NewKind;
use crate::content::slug::{self, slugify};
use crate::content::{self, DocumentCache, Kind, LoadOptions};
use check::{Known, Problem};
use document::Parts;
use files::{Place, SiteFiles};
use form::FieldSpec;
use history::{Entry, Failed, version};

/// The largest content file the editor opens, in bytes (larger ones are for a text editor).
pub const MAX_FILE: usize = 1024 * 1024;

/// A site open for editing.
pub struct Editor {
    root: PathBuf,
    files: SiteFiles,
    /// One change at a time: a check of the version on disk and the write that follows it are
    /// never split by another change.
    lock: Mutex<()>,
    /// The content as last read, for lists and references.
    cache: Mutex<DocumentCache>,
}

/// Why an edit was not made, for the page to show.
#[derive(Debug)]
pub enum Failure {
    /// There is no such file.
    Missing(String),
    /// The editor may not touch this.
    Refused(String),
    /// The file changed on disk since the form opened: nothing was written. Its text now.
    Conflict {
        /// What happened, in words.
        message: String,
        /// The file as it is on disk now.
        theirs: String,
        /// The change made to the file as it is now, when it can be: what saving anyway gives.
        mine: Option<String>,
        /// Its version.
        version: String,
    },
    /// A file of that name exists: nothing was written. A free name, when there is one.
    Exists(String, Option<String>),
    /// The build would refuse the change: nothing was written.
    Problems(Vec<Problem>),
    /// The file cannot be read as a form (its front matter is broken, or it is too large).
    Unreadable(String),
    /// Not a photo Shingle takes.
    Unsupported(String),
    /// The disk refused.
    Disk(String),
}

impl Failure {
    /// The HTTP status that says it.
    pub fn status(&self) -> u16 {
        match self {
            Failure::Missing(_) => 404,
            Failure::Refused(_) => 403,
            Failure::Conflict { .. } | Failure::Exists(..) => 409,
            Failure::Problems(_) | Failure::Unreadable(_) => 422,
            Failure::Unsupported(_) => 415,
            Failure::Disk(_) => 500,
        }
    }

    /// The failure as JSON for the page: `message`, and what the page needs to offer a way on.
    pub fn to_json(&self) -> Value {
        match self {
            Failure::Missing(m)
            | Failure::Refused(m)
            | Failure::Unreadable(m)
            | Failure::Unsupported(m)
            | Failure::Disk(m) => {
                json!({ "message": m })
            }
            Failure::Conflict { message, theirs, mine, version } => {
                json!({ "message": message, "conflict": true, "theirs": theirs, "mine": mine, "version": version })
            }
            Failure::Exists(message, free) => json!({ "message": message, "exists": true, "free": free }),
            Failure::Problems(problems) => json!({
                "message": "Nothing was saved: fix the problems marked below first.",
                "problems": check::to_json(problems),
            }),
        }
    }
}

/// A change a form sends.
#[derive(Debug, Default, Clone)]
pub struct Change {
    /// The version of the file the form opened.
    pub version: String,
    /// Changed fields by name (a field left out stays as it is).
    pub values: Map<String, Value>,
    /// The new body, when it changed.
    pub body: Option<String>,
    /// The list of skills or questions, when it changed.
    pub lists: Option<Map<String, Value>>,
    /// The whole file's new text, from the text view (instead of the above).
    pub text: Option<String>,
}

impl Change {
    /// Reads a change from the JSON a form sends.
    pub fn from_json(value: &Value) -> Change {
        Change {
            version: value["version"].as_str().unwrap_or_default().to_string(),
            values: value["values"].as_object().cloned().unwrap_or_default(),
            body: value["body"].as_str().map(str::to_string),
            lists: value["lists"].as_object().cloned(),
            text: value["text"].as_str().map(str::to_string),
        }
    }
}

/// A content file opened for its form.
#[derive(Debug)]
pub struct Opened {
    /// Its path in `content/`.
    pub rel: String,
    /// Its kind.
    pub kind: Kind,
    /// The version of its bytes.
    pub version: String,
    /// Its whole text.
    pub text: String,
    /// Its form.
    pub fields: Vec<FieldSpec>,
    /// The form's values; `None` when the front matter cannot be read (then only the text view edits it).
    pub values: Option<Map<String, Value>>,
    /// Why the form cannot be used, when it cannot.
    pub unreadable: Option<String>,
    /// Its body, lines ending in LF.
    pub body: String,
    /// Skills or questions, as a list.
    pub lists: Option<Value>,
    /// What the build says about it now.
    pub problems: Vec<Problem>,
}

/// The outcome of a save.
#[derive(Debug)]
pub struct Saved {
    /// The file's version now.
    pub version: String,
    /// The change in the history (none when nothing changed).
    pub entry: Option<Entry>,
    /// Warnings the build gives the file.
    pub problems: Vec<Problem>,
    /// The file's path in `content/` (it changes with its address).
    pub rel: String,
}

/// `site.toml` opened for the settings form.
#[derive(Debug)]
pub struct Settings {
    /// The form.
    pub fields: Vec<FieldSpec>,
    /// Its values.
    pub values: Map<String, Value>,
    /// The version of the file's bytes.
    pub version: String,
    /// The theme the site uses.
    pub theme: String,
    /// What the build says of the settings now.
    pub problems: Vec<Problem>,
}

/// A content file in the editor's list.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Its kind.
    pub kind: Kind,
    /// Its path in `content/`.
    pub rel: String,
    /// Its title, or for a testimonial its author.
    pub title: String,
    /// Whether it is a draft.
    pub draft: bool,
    /// Whether the build finds an error in it.
    pub broken: bool,
}

impl Editor {
    /// Opens the site at `root` (an absolute path) for editing.
    pub fn new(root: &Path) -> std::io::Result<Editor> {
        Ok(Editor {
            root: root.to_path_buf(),
            files: SiteFiles::open(root)?,
            lock: Mutex::new(()),
            cache: Mutex::new(DocumentCache::default()),
        })
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn content(&self) -> content::Content {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        content::load_cached(&self.root, LoadOptions { empty_is_warning: true }, &mut cache)
    }

    /// Every content file, in path order, with whether the build finds an error in it.
    pub fn list(&self) -> Vec<Listed> {
        let loaded = self.content();
        let broken = |file: &str| loaded.diagnostics.iter().any(|d| d.is_error() && d.file == file);
        let mut listed: Vec<Listed> = loaded
            .documents
            .iter()
            .map(|doc| {
                let title = doc
                    .front
                    .page
                    .title
                    .clone()
                    .or_else(|| doc.front.testimonial().and_then(|t| t.author.clone()))
                    .unwrap_or_else(|| {
                        slug::title(&slugify(doc.rel.rsplit('/').next().unwrap_or(&doc.rel).trim_end_matches(".md")))
                    });
                Listed {
                    kind: doc.kind,
                    rel: doc.rel.clone(),
                    title,
                    draft: doc.front.basics.draft,
                    broken: broken(&doc.file),
                }
            })
            .collect();
        for rel in &loaded.unreadable {
            let name = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md");
            listed.push(Listed {
                kind: Kind::of(rel),
                rel: rel.clone(),
                title: slug::title(&slugify(name)),
                draft: false,
                broken: true,
            });
        }
        listed.sort_by(|a, b| a.rel.cmp(&b.rel));
        listed
    }

    /// The names other content can use for each kind: what a reference may name.
    pub fn known(&self) -> Known {
        let loaded = self.content();
        let mut known: Known = Vec::new();
        for kind in [Kind::Service, Kind::CaseStudy, Kind::Testimonial] {
            let mut names: Vec<String> =
                loaded.documents.iter().filter(|d| d.kind == kind).map(|d| crate::site::paths::place(d).0).collect();
            names.extend(
                loaded
                    .unreadable
                    .iter()
                    .filter(|rel| Kind::of(rel) == kind)
                    .map(|rel| slugify(rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md"))),
            );
            known.push((kind, names));
        }
        known
    }

    /// The choices for a reference to `kind`: each file's name and title.
    pub fn choices(&self, kind: Kind) -> Vec<(String, String)> {
        let loaded = self.content();
        loaded
            .documents
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| {
                let name = crate::site::paths::place(d).0;
                let title = d.front.page.title.clone().or_else(|| d.front.testimonial().and_then(|t| t.author.clone()));
                (name.clone(), title.unwrap_or(name))
            })
            .collect()
    }

    /// The pictures in `static/images/`, by name.
    pub fn pictures(&self) -> Vec<String> {
        self.files.names(&["static", "images"]).into_iter().filter(|name| !content::is_ignored(name)).collect()
    }

    /// Reads the content file `rel`.
    fn read(&self, place: &Place) -> Result<(Vec<u8>, String), Failure> {
        let bytes = self
            .files
            .read(place)
            .map_err(|err| {
                Failure::Refused(format!("{} cannot be opened: {}", place.path(), crate::error::plain_io(&err)))
            })?
            .ok_or_else(|| Failure::Missing(format!("there is no {}", place.path())))?;
        let text = String::from_utf8(bytes.clone()).map_err(|_| {
            Failure::Unreadable(format!(
                "{} is not saved as UTF-8: open it in a text editor and save it as UTF-8",
                place.path()
            ))
        })?;
        Ok((bytes, text))
    }

    /// Opens the content file `rel` for its form.
    pub fn open(&self, rel: &str) -> Result<Opened, Failure> {
        let place = Place::content(rel).map_err(|r| Failure::Refused(r.0))?;
        let (bytes, text) = self.read(&place)?;
        if bytes.len() > MAX_FILE {
            return Err(Failure::Unreadable(format!(
                "content/{rel} is {} KB, too large to edit here: open it in your text editor",
                bytes.len() / 1024
            )));
        }
        let kind = Kind::of(rel);
        let fields = form::form(kind);
        let mut opened = Opened {
            rel: rel.to_string(),
            kind,
            version: version(&bytes),
            text: text.clone(),
            fields,
            values: None,
            unreadable: None,
            body: String::new(),
            lists: None,
            problems: check::check(&self.root, rel, &text, &form::form(kind), &self.known()),
        };
        match Parts::split(&text) {
            Ok(parts) => {
                opened.body = parts.body();
                match toml::from_str::<toml::Table>(&parts.front) {
                    Ok(front) => opened.values = Some(form::values(&front, &opened.fields)),
                    Err(err) => opened.unreadable = Some(err.message().to_string()),
                }
                if matches!(kind, Kind::Skills | Kind::Faq) {
                    opened.lists = Some(lists::model(kind, &opened.body));
                }
            }
            Err(message) => opened.unreadable = Some(message),
        }
        Ok(opened)
    }

    /// The text `change` makes of the file `old` of `kind`.
    fn propose(kind: Kind, old: &str, change: &Change) -> Result<String, Failure> {
        if let Some(text) = &change.text {
            return Ok(text.clone());
        }
        let mut parts = Parts::split(old).map_err(Failure::Unreadable)?;
        if !change.values.is_empty() {
            let front = front::apply(&parts.front, &form::form(kind), &change.values).map_err(|message| {
                Failure::Unreadable(format!("the front matter of this file cannot be read: {message}"))
            })?;
            parts.set_front(front);
        }
        if let Some(sent) = &change.lists {
            let body = lists::body(kind, &parts.body(), sent);
            parts.set_body(&body);
        } else if let Some(body) = &change.body {
            parts.set_body(body);
        }
        Ok(parts.join())
    }

    /// What the build would say of the file `rel` with `change` made, without saving it.
    pub fn check(&self, rel: &str, change: &Change) -> Result<Vec<Problem>, Failure> {
        let place = Place::content(rel).map_err(|r| Failure::Refused(r.0))?;
        let (_, old) = self.read(&place)?;
        let kind = Kind::of(rel);
        let text = Self::propose(kind, &old, change)?;
        Ok(check::check(&self.root, rel, &text, &form::form(kind), &self.known()))
    }

    /// Saves `change` to the content file `rel`: refused when the file changed on disk since
    /// the form opened it, or when the build would find an error in the result.
    pub fn save(&self, rel: &str, change: &Change) -> Result<Saved, Failure> {
        let place = Place::content(rel).map_err(|r| Failure::Refused(r.0))?;
        let _lock = self.lock();
        let (bytes, old) = self.read(&place)?;
        let kind = Kind::of(rel);
        unchanged_since(&bytes, &old, &change.version)
            .map_err(|failure| with_mine(failure, Self::propose(kind, &old, change)))?;
        let text = Self::propose(kind, &old, change)?;
        let problems = check::check(&self.root, rel, &text, &form::form(kind), &self.known());
        if problems.iter().any(|p| p.error) {
            return Err(Failure::Problems(problems));
        }
        if text == old {
            return Ok(Saved { version: change.version.clone(), entry: None, problems, rel: rel.to_string() });
        }
        let entry = self.commit(&format!("Saved content/{rel}"), vec![(place, Some(text.clone().into_bytes()))])?;
        Ok(Saved { version: version(text.as_bytes()), entry: Some(entry), problems, rel: rel.to_string() })
    }

    fn commit(&self, what: &str, changes: Vec<(Place, Option<Vec<u8>>)>) -> Result<Entry, Failure> {
        history::commit(&self.files, what, changes).map_err(failed)
    }

    /// Creates a content file of `kind` titled `title`, named `name` (its title as a slug when
    /// empty), as `shingle new` writes it; returns its path in `content/`.
    pub fn create(&self, kind: Kind, title: &str, name: &str) -> Result<(String, Entry), Failure> {
        let new_kind = match kind {
            Kind::Service => NewKind::Service,
            Kind::Testimonial => NewKind::Testimonial,
            Kind::CaseStudy => NewKind::CaseStudy,
            Kind::Post => NewKind::Post,
            Kind::Page => NewKind::Page,
            other => return Err(Failure::Refused(format!("{other} cannot be created here"))),
        };
        let title = title.trim();
        if title.is_empty() {
            let what = if kind == Kind::Testimonial { "the client's name" } else { "a title" };
            return Err(Failure::Problems(vec![Problem {
                field: Some("title".into()),
                error: true,
                message: format!("write {what} first"),
                help: None,
                line: 0,
            }]));
        }
        let slug = slugify(if name.trim().is_empty() { title } else { name });
        let refuse = |message: String, help: &str| {
            Failure::Problems(vec![Problem {
                field: Some("name".into()),
                error: true,
                message,
                help: Some(help.to_string()),
                line: 0,
            }])
        };
        if slug.is_empty() {
            return Err(refuse("the name needs letters or digits".into(), "for example: inbox-management"));
        }
        if crate::context::is_reserved_on_windows(&slug) {
            return Err(refuse(format!("a file called {slug}.md cannot be opened on Windows"), "choose another name"));
        }
        if kind == Kind::Page
            && let Some(what) = crate::commands::new::reserved(&slug)
        {
            return Err(refuse(format!("the address /{slug}/ is {what}"), "choose another name"));
        }
        let folder = kind.place().trim_start_matches("content/").trim_end_matches("<name>.md");
        let rel = format!("{folder}{slug}.md");
        let place = Place::content(&rel).map_err(|r| Failure::Refused(r.0))?;
        let _lock = self.lock();
        if self.files.exists(&place) {
            let free = upload::free_name(&format!("{slug}.md"), |n| {
                self.files.exists(&Place::Content(format!("{folder}{n}")))
            });
            return Err(Failure::Exists(
                format!("content/{rel} already exists"),
                Some(free.trim_end_matches(".md").to_string()),
            ));
        }
        let text = crate::commands::new::text(&self.root, new_kind, title);
        let entry = self.commit(&format!("Created content/{rel}"), vec![(place, Some(text.into_bytes()))])?;
        Ok((rel, entry))
    }

    /// Deletes the content file `rel` (opened at `version`) into the history.
    pub fn delete(&self, rel: &str, version: &str) -> Result<Entry, Failure> {
        let place = Place::content(rel).map_err(|r| Failure::Refused(r.0))?;
        let _lock = self.lock();
        let (bytes, old) = self.read(&place)?;
        unchanged_since(&bytes, &old, version)?;
        self.commit(&format!("Deleted content/{rel}"), vec![(place, None)])
    }

    /// The history, newest first.
    pub fn history(&self) -> Vec<Entry> {
        let mut entries = history::entries(&self.files);
        entries.reverse();
        entries
    }

    /// Undoes change `id` of the history (even over later changes, with `anyway`).
    pub fn undo(&self, id: &str, anyway: bool) -> Result<Entry, Failure> {
        let _lock = self.lock();
        history::undo(&self.files, id, anyway).map_err(failed)
    }

    /// Saves an uploaded photo in `static/images/` under a safe name made from `name`; with
    /// `replace`, over a picture of that name (kept in the history). Returns its path in `static/`.
    pub fn upload(&self, name: &str, bytes: &[u8], replace: bool) -> Result<(String, Entry), Failure> {
        if bytes.len() > upload::MAX_PICTURE {
            return Err(Failure::Unsupported(format!(
                "this picture is {} MB; pictures up to {} MB are taken: save a smaller copy first",
                bytes.len() / 1_000_000,
                upload::MAX_PICTURE / 1024 / 1024
            )));
        }
        let extension =
            upload::kind_of(bytes).map_err(|(what, help)| Failure::Unsupported(format!("{what}: {help}")))?;
        let safe = upload::safe_name(name, extension);
        let place = Place::image(&safe).map_err(|r| Failure::Refused(r.0))?;
        let _lock = self.lock();
        if !replace && self.files.exists(&place) {
            let free = upload::free_name(&safe, |n| self.files.exists(&Place::Image(n.to_string())));
            return Err(Failure::Exists(format!("a picture called {safe} is already in static/images/"), Some(free)));
        }
        let entry =
            self.commit(&format!("Added the picture static/images/{safe}"), vec![(place, Some(bytes.to_vec()))])?;
        Ok((format!("images/{safe}"), entry))
    }
}

/// Refuses a change to a file whose bytes are no longer the version the form opened.
fn unchanged_since(bytes: &[u8], text: &str, opened: &str) -> Result<(), Failure> {
    let now = version(bytes);
    if now == opened {
        return Ok(());
    }
    Err(Failure::Conflict {
        message: "This file was changed on disk after you opened it, so nothing was saved. Compare the two versions and choose which to keep.".into(),
        theirs: text.to_string(),
        mine: None,
        version: now,
    })
}

/// A conflict with the text saving anyway would give.
fn with_mine(failure: Failure, mine: Result<String, Failure>) -> Failure {
    match failure {
        Failure::Conflict { message, theirs, version, .. } => {
            Failure::Conflict { message, theirs, mine: mine.ok(), version }
        }
        other => other,
    }
}

fn failed(failed: Failed) -> Failure {
    match failed {
        Failed::Changed(message) => {
            Failure::Conflict { message, theirs: String::new(), mine: None, version: String::new() }
        }
        Failed::Io(err, path) => Failure::Disk(format!("could not write {path}: {}", crate::error::plain_io(&err))),
    }
}
