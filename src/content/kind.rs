//! The kinds of content a VA writes, decided by where the file sits in `content/`, and the groups
//! of front-matter fields each kind has. The field names come from each group's own serde
//! declaration, so this file never lists a field.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserialize, Visitor};

use super::case_study::CaseStudyFields;
use super::fields::{AddressFields, Basics, Cover, ListFields, PageFields};
use super::home::HomeFields;
use super::post::PostFields;
use super::service::ServiceFields;
use super::testimonial::TestimonialFields;

/// What a content file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `content/_index.md`.
    Home,
    /// A folder's `_index.md`: the list page of that folder.
    Section,
    /// Any other Markdown file: about, contact, privacy…
    Page,
    /// `content/services/*.md`.
    Service,
    /// `content/testimonials/*.md`: shown on other pages, no page of its own.
    Testimonial,
    /// `content/work/*.md`.
    CaseStudy,
    /// `content/blog/*.md`.
    Post,
    /// `content/skills.md`.
    Skills,
    /// `content/faq.md`.
    Faq,
}

/// A group of front-matter fields, declared once by its struct (see `fields` and each kind's module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// [`Basics`]: draft, weight, extra.
    Basics,
    /// [`PageFields`]: title, description, aliases, template.
    Page,
    /// [`AddressFields`]: slug.
    Address,
    /// [`ListFields`]: paginate.
    List,
    /// [`Cover`]: cover, cover_alt.
    Cover,
    /// [`HomeFields`].
    Home,
    /// [`ServiceFields`].
    Service,
    /// [`TestimonialFields`].
    Testimonial,
    /// [`CaseStudyFields`].
    CaseStudy,
    /// [`PostFields`].
    Post,
}

impl Group {
    /// Every group.
    pub const ALL: [Group; 10] = [
        Group::Page,
        Group::Address,
        Group::Basics,
        Group::List,
        Group::Cover,
        Group::Home,
        Group::Service,
        Group::Testimonial,
        Group::CaseStudy,
        Group::Post,
    ];

    /// Its name in docs/content.md's table markers: `page`, `case-study`.
    pub fn name(self) -> &'static str {
        match self {
            Group::Basics => "basics",
            Group::Page => "page",
            Group::Address => "address",
            Group::List => "list",
            Group::Cover => "cover",
            Group::Home => "home",
            Group::Service => "service",
            Group::Testimonial => "testimonial",
            Group::CaseStudy => "case-study",
            Group::Post => "post",
        }
    }

    /// The group of this name.
    pub fn named(name: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|group| group.name() == name)
    }

    /// The group's field names, in the order they are declared.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Group::Basics => field_names::<Basics>(),
            Group::Page => field_names::<PageFields>(),
            Group::Address => field_names::<AddressFields>(),
            Group::List => field_names::<ListFields>(),
            Group::Cover => field_names::<Cover>(),
            Group::Home => field_names::<HomeFields>(),
            Group::Service => field_names::<ServiceFields>(),
            Group::Testimonial => field_names::<TestimonialFields>(),
            Group::CaseStudy => field_names::<CaseStudyFields>(),
            Group::Post => field_names::<PostFields>(),
        }
    }

    /// The group's JSON Schema.
    pub fn schema(self, generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        match self {
            Group::Basics => Basics::json_schema(generator),
            Group::Page => PageFields::json_schema(generator),
            Group::Address => AddressFields::json_schema(generator),
            Group::List => ListFields::json_schema(generator),
            Group::Cover => Cover::json_schema(generator),
            Group::Home => HomeFields::json_schema(generator),
            Group::Service => ServiceFields::json_schema(generator),
            Group::Testimonial => TestimonialFields::json_schema(generator),
            Group::CaseStudy => CaseStudyFields::json_schema(generator),
            Group::Post => PostFields::json_schema(generator),
        }
    }
}

impl Kind {
    /// Every kind, in the order the docs describe them.
    pub const ALL: [Kind; 9] = [
        Kind::Home,
        Kind::Page,
        Kind::Service,
        Kind::Testimonial,
        Kind::CaseStudy,
        Kind::Post,
        Kind::Section,
        Kind::Skills,
        Kind::Faq,
    ];

    /// Decides the kind from the path inside `content/` (with `/` separators).
    pub fn of(path: &str) -> Kind {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        match (folder, name) {
            ("", "_index.md") => Kind::Home,
            (_, "_index.md") => Kind::Section,
            ("", "skills.md") => Kind::Skills,
            ("", "faq.md") => Kind::Faq,
            ("services", _) => Kind::Service,
            ("testimonials", _) => Kind::Testimonial,
            ("work", _) => Kind::CaseStudy,
            ("blog", _) => Kind::Post,
            _ => Kind::Page,
        }
    }

    /// The groups of fields this kind has.
    pub fn groups(self) -> &'static [Group] {
        use Group as G;
        match self {
            Kind::Home => &[G::Page, G::Home, G::Basics, G::List],
            Kind::Section => &[G::Page, G::Basics, G::List],
            Kind::Page | Kind::Skills | Kind::Faq => &[G::Page, G::Address, G::Basics],
            Kind::Service => &[G::Page, G::Service, G::Address, G::Basics],
            Kind::Testimonial => &[G::Testimonial, G::Basics],
            Kind::CaseStudy => &[G::Page, G::CaseStudy, G::Cover, G::Address, G::Basics],
            Kind::Post => &[G::Page, G::Post, G::Cover, G::Address, G::Basics],
        }
    }

    /// The front-matter fields this kind may have, in the order of its groups.
    pub fn fields(self) -> Vec<&'static str> {
        self.groups().iter().flat_map(|group| group.fields().iter().copied()).collect()
    }

    /// Every front-matter field of any kind, each once.
    pub fn all_fields() -> Vec<&'static str> {
        let mut all: Vec<&'static str> = Vec::new();
        for kind in Kind::ALL {
            for field in kind.fields() {
                if !all.contains(&field) {
                    all.push(field);
                }
            }
        }
        all
    }

    /// The name used in templates (`page.kind`), in messages and by `shingle schema`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Section => "section",
            Kind::Page => "page",
            Kind::Service => "service",
            Kind::Testimonial => "testimonial",
            Kind::CaseStudy => "case-study",
            Kind::Post => "post",
            Kind::Skills => "skills",
            Kind::Faq => "faq",
        }
    }

    /// The kind of this name, as `name` gives it.
    pub fn named(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// Where files of this kind go, for messages and docs: `content/services/*.md`.
    pub fn place(self) -> &'static str {
        match self {
            Kind::Home => "content/_index.md",
            Kind::Section => "content/<folder>/_index.md",
            Kind::Page => "content/<name>.md",
            Kind::Service => "content/services/<name>.md",
            Kind::Testimonial => "content/testimonials/<name>.md",
            Kind::CaseStudy => "content/work/<name>.md",
            Kind::Post => "content/blog/<name>.md",
            Kind::Skills => "content/skills.md",
            Kind::Faq => "content/faq.md",
        }
    }

    /// Whether files of this kind get a page of their own.
    pub fn has_page(self) -> bool {
        self != Kind::Testimonial
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = match self {
            Kind::Home => "the home page",
            Kind::Section => "a list page (_index.md)",
            Kind::Page => "a page",
            Kind::Service => "a service",
            Kind::Testimonial => "a testimonial",
            Kind::CaseStudy => "a case study",
            Kind::Post => "a blog post",
            Kind::Skills => "the skills page",
            Kind::Faq => "the FAQ page",
        };
        f.write_str(words)
    }
}

/// The field names a serde struct reads, in the order they are declared: asked of its own
/// `Deserialize`, which hands them to the deserializer before reading anything.
pub fn field_names<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut names = None;
    let _ = T::deserialize(Names(&mut names));
    names.unwrap_or(&[])
}

/// A deserializer that only notes the field names a struct asks for.
struct Names<'a>(&'a mut Option<&'static [&'static str]>);

impl<'de> de::Deserializer<'de> for Names<'_> {
    type Error = de::value::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(de::Error::custom("only the names were wanted"))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_follows_the_folder() {
        assert_eq!(Kind::of("_index.md"), Kind::Home);
        assert_eq!(Kind::of("services/_index.md"), Kind::Section);
        assert_eq!(Kind::of("services/inbox.md"), Kind::Service);
        assert_eq!(Kind::of("blog/hello.md"), Kind::Post);
        assert_eq!(Kind::of("legal/privacy.md"), Kind::Page);
        assert!(Kind::Post.fields().contains(&"tags"));
        assert!(!Kind::Page.fields().contains(&"tags"));
        assert!(!Kind::Section.fields().contains(&"slug"));
    }

    #[test]
    fn field_names_come_from_the_declarations() {
        assert_eq!(Group::Cover.fields(), ["cover", "cover_alt"]);
        assert_eq!(&Group::Basics.fields()[..2], ["draft", "weight"]);
    }
}
