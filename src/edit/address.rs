//! A page's new address: the file renamed, or its `slug` changed when it sets one; the old
//! address kept in `aliases` so links and bookmarks still lead to it; other content that names
//! it by its old name (a testimonial's `services`, a case study's `testimonial`) changed to the
//! new one, all in one change of the history.

use serde_json::{Map, Value, json};

use super::check::{self, Problem};
use super::files::Place;
use super::history;
use super::{Change, Editor, Failure, Saved, form, unchanged_since};
use crate::content::slug::slugify;
use crate::content::{self, Kind, LoadOptions};

impl Editor {
    /// Gives the content file `rel` (opened at `version`) the address `name`: its `slug` when
    /// it sets one, else its file name. With `keep_old`, its old address goes into `aliases`,
    /// so links to it keep working; other files naming it by its old name are changed too.
    pub fn rename(&self, rel: &str, version: &str, name: &str, keep_old: bool) -> Result<Saved, Failure> {
        let place = Place::content(rel).map_err(|r| Failure::Refused(r.0))?;
        let kind = Kind::of(rel);
        if !matches!(kind, Kind::Service | Kind::Testimonial | Kind::CaseStudy | Kind::Post | Kind::Page) {
            return Err(Failure::Refused(format!("the address of {kind} cannot be changed")));
        }
        let slug = slugify(name);
        if slug.is_empty() {
            return Err(Failure::Problems(vec![Problem {
                field: Some("slug".into()),
                error: true,
                message: "the new address needs letters or digits".into(),
                help: Some("for example: inbox-management".into()),
                line: 0,
            }]));
        }
        let _lock = self.lock();
        let (bytes, old) = self.read(&place)?;
        unchanged_since(&bytes, &old, version)?;
        let (document, _) =
            content::parse_document(&self.root, &self.root.join("content").join(rel), bytes, LoadOptions::default());
        let document = document
            .ok_or_else(|| Failure::Unreadable("fix the problems in this file before changing its address".into()))?;
        let (old_slug, old_path) = crate::site::paths::place(&document);
        if old_slug == slug {
            return Ok(Saved { version: version.to_string(), entry: None, problems: Vec::new(), rel: rel.to_string() });
        }
        let mut values = Map::new();
        let by_field = document.front.address.slug.is_some();
        if by_field {
            values.insert("slug".into(), json!(slug));
        }
        if keep_old && kind.has_page() {
            let mut aliases: Vec<Value> = document.front.page.aliases.iter().map(|a| json!(a)).collect();
            if !aliases.iter().any(|a| a.as_str().map(|a| a.trim_matches('/')) == Some(old_path.trim_matches('/'))) {
                // written as the docs write an address: /services/inbox/
                aliases.push(json!(format!("/{}", old_path.trim_start_matches('/'))));
            }
            values.insert("aliases".into(), Value::Array(aliases));
        }
        let text = Self::propose(kind, &old, &Change { values, ..Change::default() })?;
        let folder = rel.rsplit_once('/').map_or(String::new(), |(f, _)| format!("{f}/"));
        let new_rel = if by_field { rel.to_string() } else { format!("{folder}{slug}.md") };
        let new_place = Place::content(&new_rel).map_err(|r| Failure::Refused(r.0))?;
        if new_rel != rel && self.files.exists(&new_place) {
            return Err(Failure::Exists(format!("content/{new_rel} already exists: choose another address"), None));
        }
        let problems = check::check(&self.root, &new_rel, &text, &form::form(kind), &self.known());
        if problems.iter().any(|p| p.error) {
            return Err(Failure::Problems(problems));
        }
        let mut changes = vec![(new_place, Some(text.clone().into_bytes()))];
        if new_rel != rel {
            changes.push((place, None));
        }
        changes.extend(self.references_renamed(kind, &old_slug, &slug));
        let what = format!("Changed the address of content/{rel} to {slug}");
        let entry = self.commit(&what, changes)?;
        Ok(Saved { version: history::version(text.as_bytes()), entry: Some(entry), problems, rel: new_rel })
    }

    /// The other files that name content of `kind` as `old`, changed to name it `new`.
    fn references_renamed(&self, kind: Kind, old: &str, new: &str) -> Vec<(Place, Option<Vec<u8>>)> {
        let field = match kind {
            Kind::Service => "services",
            Kind::CaseStudy => "case_study",
            Kind::Testimonial => "testimonial",
            _ => return Vec::new(),
        };
        let mut changes = Vec::new();
        for document in self.content().documents {
            let front = &document.front;
            let value = match field {
                "services" if front.services().iter().any(|s| s == old) => {
                    json!(front.services().iter().map(|s| if s == old { new } else { s.as_str() }).collect::<Vec<_>>())
                }
                "case_study" if front.testimonial().and_then(|t| t.case_study.as_deref()) == Some(old) => json!(new),
                "testimonial" if front.case_study().and_then(|c| c.testimonial.as_deref()) == Some(old) => json!(new),
                _ => continue,
            };
            let Ok(place) = Place::content(&document.rel) else { continue };
            let Ok((_, text)) = self.read(&place) else { continue };
            let mut values = Map::new();
            values.insert(field.to_string(), value);
            if let Ok(changed) = Self::propose(document.kind, &text, &Change { values, ..Change::default() })
                && changed != text
            {
                changes.push((place, Some(changed.into_bytes())));
            }
        }
        changes
    }
}
