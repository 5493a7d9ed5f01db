//! The typed front matter of a content file: the groups of fields its kind has (see
//! `Kind::groups`), parsed from one parse of its TOML. A key no group of the kind declares is
//! reported at its exact place, with "did you mean" or the kind it belongs to; each group is then
//! read by its own serde declaration, so its types and nested tables keep their positions too.
//! Meaning-level checks (consent, prices, dates) live with each kind.

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, Deserializer};

use super::case_study::CaseStudyFields;
use super::fields::{AddressFields, Basics, Cover, ListFields, PageFields};
use super::home::HomeFields;
use super::kind::{Group, Kind};
use super::post::PostFields;
use super::service::ServiceFields;
use super::testimonial::TestimonialFields;
use crate::date::Date;
use crate::error::{Diagnostic, did_you_mean, line_col};
use crate::toml_error::TomlSource;

/// A content file's front matter: every group a kind may have (empty when its kind has none).
#[derive(Debug, Clone, Default)]
pub struct Front {
    /// draft, weight, extra.
    pub basics: Basics,
    /// title, description, aliases, template.
    pub page: PageFields,
    /// slug.
    pub address: AddressFields,
    /// paginate (list pages).
    pub list: ListFields,
    /// cover, cover_alt (case studies and posts).
    pub cover: Cover,
    /// The fields only this file's kind has.
    pub own: Own,
}

/// The fields only one kind has.
#[derive(Debug, Clone, Default)]
pub enum Own {
    /// Pages, list pages, skills and FAQ have none.
    #[default]
    None,
    /// The home page's.
    Home(Box<HomeFields>),
    /// A service's.
    Service(Box<ServiceFields>),
    /// A testimonial's.
    Testimonial(Box<TestimonialFields>),
    /// A case study's.
    CaseStudy(Box<CaseStudyFields>),
    /// A post's.
    Post(Box<PostFields>),
}

impl Front {
    /// Parses the front matter of a file of `kind`: every unknown key is reported, then each
    /// group's first type mistake.
    pub fn parse(source: &TomlSource, kind: Kind) -> Result<Front, Vec<Diagnostic>> {
        let toml = &source.file_text[source.offset..];
        let table = DeTable::parse(toml).map_err(|err| vec![source.diagnose(&err, &kind.fields())])?;
        let problems = unknown_keys(source, &table, kind);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut front = Front::default();
        let mut problems = Vec::new();
        for &group in kind.groups() {
            let read = match group {
                Group::Basics => read(source, &table, group, kind).map(|g| front.basics = g),
                Group::Page => read(source, &table, group, kind).map(|g| front.page = g),
                Group::Address => read(source, &table, group, kind).map(|g| front.address = g),
                Group::List => read(source, &table, group, kind).map(|g| front.list = g),
                Group::Cover => read(source, &table, group, kind).map(|g| front.cover = g),
                Group::Home => read(source, &table, group, kind).map(|g| front.own = Own::Home(Box::new(g))),
                Group::Service => read(source, &table, group, kind).map(|g| front.own = Own::Service(Box::new(g))),
                Group::Testimonial => {
                    read(source, &table, group, kind).map(|g| front.own = Own::Testimonial(Box::new(g)))
                }
                Group::CaseStudy => read(source, &table, group, kind).map(|g| front.own = Own::CaseStudy(Box::new(g))),
                Group::Post => read(source, &table, group, kind).map(|g| front.own = Own::Post(Box::new(g))),
            };
            if let Err(problem) = read {
                problems.push(problem);
            }
        }
        if problems.is_empty() { Ok(front) } else { Err(problems) }
    }

    /// The home page's fields, for the home page.
    pub fn home(&self) -> Option<&HomeFields> {
        match &self.own {
            Own::Home(fields) => Some(fields),
            _ => None,
        }
    }

    /// The service's fields, for a service.
    pub fn service(&self) -> Option<&ServiceFields> {
        match &self.own {
            Own::Service(fields) => Some(fields),
            _ => None,
        }
    }

    /// The testimonial's fields, for a testimonial.
    pub fn testimonial(&self) -> Option<&TestimonialFields> {
        match &self.own {
            Own::Testimonial(fields) => Some(fields),
            _ => None,
        }
    }

    /// The case study's fields, for a case study.
    pub fn case_study(&self) -> Option<&CaseStudyFields> {
        match &self.own {
            Own::CaseStudy(fields) => Some(fields),
            _ => None,
        }
    }

    /// The post's fields, for a post.
    pub fn post(&self) -> Option<&PostFields> {
        match &self.own {
            Own::Post(fields) => Some(fields),
            _ => None,
        }
    }

    /// The day it is dated: a post's publication, a case study's end, a testimonial's quote.
    pub fn date(&self) -> Option<Date> {
        match &self.own {
            Own::Post(post) => post.date,
            Own::CaseStudy(study) => study.date,
            Own::Testimonial(testimonial) => testimonial.date,
            Own::Home(_) | Own::Service(_) | Own::None => None,
        }
    }

    /// The day a post last changed.
    pub fn updated(&self) -> Option<Date> {
        self.post().and_then(|post| post.updated)
    }

    /// A post's tags (none for other kinds).
    pub fn tags(&self) -> &[String] {
        self.post().map_or(&[], |post| &post.tags)
    }

    /// The one-sentence summary a service, case study or post may have.
    pub fn summary(&self) -> Option<&str> {
        match &self.own {
            Own::Service(service) => service.summary.as_deref(),
            Own::CaseStudy(study) => study.summary.as_deref(),
            Own::Post(post) => post.summary.as_deref(),
            Own::Home(_) | Own::Testimonial(_) | Own::None => None,
        }
    }

    /// The slugs of the services a testimonial or case study names.
    pub fn services(&self) -> &[String] {
        match &self.own {
            Own::Testimonial(testimonial) => &testimonial.services,
            Own::CaseStudy(study) => &study.services,
            _ => &[],
        }
    }
}

/// Every top-level key no group of `kind` declares, at its own place: a field of another kind
/// is named as such, anything else gets a "did you mean".
fn unknown_keys(source: &TomlSource, table: &Spanned<DeTable>, kind: Kind) -> Vec<Diagnostic> {
    let allowed = kind.fields();
    let mut problems = Vec::new();
    let mut keys: Vec<&Spanned<std::borrow::Cow<str>>> = table.get_ref().keys().collect();
    keys.sort_by_key(|key| key.span().start);
    for key in keys {
        let name = key.get_ref().as_ref();
        if allowed.contains(&name) {
            continue;
        }
        let (line, column) = line_col(source.file_text, source.offset + key.span().start);
        let at = |message: String| Diagnostic::error(source.file, message).at(line, column);
        let problem = if Kind::all_fields().contains(&name) {
            at(format!("'{name}' is not a field of {kind}")).help(format!(
                "remove it, or move the file to the folder for that kind of content; the fields of {kind} are: {}",
                allowed.join(", ")
            ))
        } else {
            match did_you_mean(name, allowed.iter().copied()) {
                Some(close) => at(format!("unknown field '{name}' (did you mean '{close}'?)"))
                    .help(format!("rename it to '{close}', or remove the line")),
                None => at(format!("unknown field '{name}'"))
                    .help(format!("the fields allowed here are: {}", allowed.join(", "))),
            }
        };
        problems.push(problem);
    }
    problems
}

/// Reads one group from the keys of `table` it declares, keeping their positions.
fn read<T: DeserializeOwned>(
    source: &TomlSource,
    table: &Spanned<DeTable>,
    group: Group,
    kind: Kind,
) -> Result<T, Diagnostic> {
    let names = group.fields();
    let mut own = DeTable::new();
    for (key, value) in table.get_ref().iter() {
        if names.contains(&key.get_ref().as_ref()) {
            own.insert(key.clone(), value.clone());
        }
    }
    T::deserialize(Deserializer::from(Spanned::new(table.span(), own)))
        .map_err(|err| source.diagnose(&err, &kind.fields()))
}
