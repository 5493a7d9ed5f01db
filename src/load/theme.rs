//! Themes: the built-in ones compiled into the binary from `themes/`, or a site's own in
//! `themes/NAME/`; the template sources in override order (shared partials, then the theme, then
//! the site's `templates/`) and the theme's `theme.toml`, whose options `theme_options` reads.
//! Compiling templates is `render`'s job.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Diagnostic, Error, did_you_mean, display_path};
use crate::load::assets::{Assets, Bytes};
use crate::load::config::Config;
use crate::load::theme_options::Declarations;
use crate::site_file::{Links, Root};
use include_dir::{Dir, include_dir};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// Templates the built-in themes share, registered under their path (`service.html`,
/// `shingle/meta.html`); a theme's own templates of the same name come later and win.
const SHARED: &str = "_shared";

/// One template's source and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The name templates use: `base.html`, `partials/header.html`.
    pub name: String,
    /// Its text.
    pub text: String,
    /// Where it lives, for messages: `templates/base.html` or `theme harbor: base.html`.
    pub file: String,
}

/// A theme, ready to render with.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Its name.
    pub name: String,
    /// One line about it.
    pub description: String,
    /// The options theme.toml declares.
    pub options: Declarations,
    /// The options for this site, as templates get them in `site.theme_options`: set by the
    /// loader from the declarations and the site's `[theme_options]`.
    pub values: toml::Table,
    /// Every template, later entries overriding earlier ones of the same name.
    pub templates: Vec<TemplateSource>,
}

/// The built-in themes: name and description, in name order.
pub fn builtin_themes() -> Vec<(String, String)> {
    let mut themes = Vec::new();
    for dir in BUILTIN.dirs() {
        let name = dir.path().to_string_lossy().to_string();
        if name == SHARED {
            continue;
        }
        let description = builtin_declarations(&name).map(|d| d.description).unwrap_or_default();
        themes.push((name, description));
    }
    themes.sort();
    themes
}

/// The options of built-in theme `name`, as its theme.toml declares them (`None` when there is
/// no such theme; the built-in declarations are checked by Shingle's tests).
pub fn builtin_declarations(name: &str) -> Option<Declarations> {
    let text = BUILTIN.get_file(format!("{name}/theme.toml"))?.contents_utf8()?;
    Declarations::parse(&format!("theme {name}: theme.toml"), text).ok()
}

impl Theme {
    /// Loads theme `name` for the site at `root`: the site's `themes/NAME/` if present, else the
    /// built-in one. Adds the theme's static files to `assets`, then the site's.
    pub fn load(root: &Path, config: &Config, assets: &mut Assets) -> Result<(Theme, Vec<Diagnostic>), Error> {
        let name = config.theme.as_str();
        let mut problems = Vec::new();
        let mut templates = Vec::new();
        add_builtin_templates(&BUILTIN, &format!("{SHARED}/templates"), "shared", &mut templates);
        let local = root.join("themes").join(name);
        let options = if local.join("theme.toml").is_file() || local.join("templates").is_dir() {
            // a theme of the site's own is complete: of the shared templates it keeps only the
            // `shingle/` partials, since the built-in page templates expect the built-in layout
            templates.retain(|t| t.name.starts_with("shingle/"));
            problems.extend(add_disk_templates(root, &local.join("templates"), &mut templates));
            problems.extend(assets.add_folder(root, &local.join("static")));
            local_declarations(root, name)?
        } else if let Some(dir) = BUILTIN.get_dir(name).filter(|_| name != SHARED) {
            add_builtin_templates(&BUILTIN, &format!("{name}/templates"), name, &mut templates);
            if let Some(statics) = BUILTIN.get_dir(format!("{SHARED}/static")) {
                add_builtin_static(statics, &format!("{SHARED}/static/"), assets);
            }
            if let Some(statics) = dir.get_dir(format!("{name}/static")) {
                add_builtin_static(statics, &format!("{name}/static/"), assets);
            }
            builtin_declarations(name).unwrap_or_default()
        } else {
            let names: Vec<String> = builtin_themes().into_iter().map(|(n, _)| n).collect();
            let d = config.error_at_key("theme", format!("there is no theme called '{name}'"));
            let help = match did_you_mean(name, names.iter().map(String::as_str)) {
                Some(close) => format!("did you mean '{close}'? The built-in themes are: {}", names.join(", ")),
                None => format!("the built-in themes are: {} (or put your own in themes/{name}/)", names.join(", ")),
            };
            return Err(Error::one(d.help(help)));
        };
        problems.extend(add_disk_templates(root, &root.join("templates"), &mut templates));
        problems.extend(assets.add_folder(root, &root.join("static")));
        let description = options.description.clone();
        let theme = Theme { name: name.to_string(), description, options, values: toml::Table::new(), templates };
        Ok((theme, problems))
    }

    /// Whether a template of this name exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.templates.iter().any(|t| t.name == name)
    }
}

/// The declarations of the site's own theme `name`: none when it has no theme.toml.
pub(crate) fn local_declarations(root: &Path, name: &str) -> Result<Declarations, Error> {
    let path = root.join("themes").join(name).join("theme.toml");
    let file = display_path(root, &path);
    if !path.exists() {
        return Ok(Declarations { file, ..Declarations::default() });
    }
    let bytes = Root::new(root).read(&path, Links::Follow).map_err(|err| {
        Error::one(Diagnostic::error(&file, format!("could not read it: {}", crate::error::plain_io(&err))))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::one(
            Diagnostic::error(&file, "theme.toml is not saved as UTF-8")
                .help("save it again with the encoding \"UTF-8\""),
        )
    })?;
    Declarations::parse(&file, &text).map_err(Error::Site)
}

fn add_builtin_templates(root: &'static Dir<'static>, dir: &str, label: &str, out: &mut Vec<TemplateSource>) {
    let Some(dir) = root.get_dir(dir) else { return };
    let prefix = dir.path().to_path_buf();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        stack.extend(dir.dirs());
        for file in dir.files() {
            let Some(text) = file.contents_utf8() else { continue };
            let name = file.path().strip_prefix(&prefix).unwrap_or(file.path()).to_string_lossy().replace('\\', "/");
            out.push(TemplateSource { file: format!("theme {label}: {name}"), name, text: text.to_string() });
        }
    }
}

fn add_builtin_static(dir: &'static Dir<'static>, prefix: &str, assets: &mut Assets) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            add_builtin_static(sub, prefix, assets);
        } else if let Some(file) = entry.as_file() {
            let path = file.path().to_string_lossy().replace('\\', "/");
            let rel = path.strip_prefix(prefix).unwrap_or(&path).to_string();
            assets.insert(rel, Bytes::Builtin(file.contents()));
        }
    }
}

fn add_disk_templates(root: &Path, dir: &Path, out: &mut Vec<TemplateSource>) -> Vec<Diagnostic> {
    let (files, mut problems) = crate::content::walk(root, dir, |_| true, crate::content::Hidden::Skip);
    let real_root = Root::new(root);
    for path in files {
        let name = display_path(dir, &path);
        let file = display_path(root, &path);
        match real_root.read(&path, Links::Follow).map(String::from_utf8) {
            Ok(Ok(text)) => out.push(TemplateSource { name, text, file }),
            Ok(Err(_)) => problems.push(
                Diagnostic::error(file, "this template is not saved as UTF-8")
                    .help("save it again with the encoding \"UTF-8\""),
            ),
            Err(err) => {
                problems.push(Diagnostic::error(file, format!("could not read it: {}", crate::error::plain_io(&err))))
            }
        }
    }
    problems
}

/// Components that use each other in a circle (`card → badge → card`, or one that uses itself),
/// found in the templates' text so the error can name them: Tera only says it went too deep.
/// Returns the file defining the first one and the chain. Site templates override the theme's.
pub fn component_loop(templates: &[TemplateSource]) -> Option<(String, Vec<String>)> {
    let mut effective: BTreeMap<&str, &TemplateSource> = BTreeMap::new();
    for template in templates {
        effective.insert(&template.name, template);
    }
    let mut components: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for template in effective.values() {
        let text = template.text.as_str();
        let mut from = 0;
        while let Some(open) = text[from..].find("{%") {
            from += open + 2;
            let tag = text[from..].trim_start_matches('-').trim_start();
            let Some(rest) = tag.strip_prefix("component").filter(|r| r.starts_with(char::is_whitespace)) else {
                continue;
            };
            let name: String = rest.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let body_start = text[from..].find("%}").map_or(text.len(), |i| from + i + 2);
            let body_end = text[body_start..].find("endcomponent").map_or(text.len(), |i| body_start + i);
            if !name.is_empty() {
                components.insert(name, (template.file.as_str(), &text[body_start..body_end]));
            }
        }
    }
    let uses = |body: &str, name: &str| {
        body.match_indices(&format!("<{name}"))
            .any(|(at, m)| !body[at + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    };
    let graph: BTreeMap<&str, Vec<&str>> = components
        .iter()
        .map(|(name, (_, body))| {
            (name.as_str(), components.keys().map(String::as_str).filter(|n| uses(body, n)).collect())
        })
        .collect();
    let mut done = Vec::new();
    for start in graph.keys() {
        let mut path = vec![*start];
        if let Some(circle) = find_circle(&graph, &mut path, &mut done) {
            return Some((components[circle[0]].0.to_string(), circle.iter().map(|c| c.to_string()).collect()));
        }
    }
    None
}

/// Depth-first search for a circle through the last component of `path`; `done` holds the
/// components already known to lead to none.
fn find_circle<'a>(
    graph: &BTreeMap<&'a str, Vec<&'a str>>,
    path: &mut Vec<&'a str>,
    done: &mut Vec<&'a str>,
) -> Option<Vec<&'a str>> {
    let last = *path.last()?;
    for &next in &graph[last] {
        if let Some(at) = path.iter().position(|p| *p == next) {
            let mut circle = path[at..].to_vec();
            circle.push(next);
            return Some(circle);
        }
        if done.contains(&next) {
            continue;
        }
        path.push(next);
        if let Some(circle) = find_circle(graph, path, done) {
            return Some(circle);
        }
        path.pop();
    }
    done.push(last);
    None
}
