//! The kinds of content a VA writes, decided by where the file sits in `content/`, and the
//! front-matter fields each kind may use.

use std::fmt;

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

const PAGE: &[&str] = &["title", "description", "draft", "slug", "weight", "template", "aliases", "extra"];
const SECTION: &[&str] = &["title", "description", "draft", "weight", "template", "aliases", "extra", "paginate"];
const SERVICE: &[&str] =
    &["summary", "icon", "featured", "deliverables", "turnaround", "ideal_for", "tools", "pricing", "packages", "cta"];
const TESTIMONIAL: &[&str] = &[
    "author",
    "role",
    "company",
    "company_url",
    "date",
    "avatar",
    "avatar_alt",
    "rating",
    "services",
    "case_study",
    "source",
    "source_url",
    "consent",
    "relationship",
    "weight",
    "draft",
    "extra",
];
const CASE_STUDY: &[&str] = &[
    "summary",
    "client",
    "anonymized",
    "industry",
    "services",
    "tools",
    "results",
    "testimonial",
    "cover",
    "cover_alt",
    "date",
];
const POST: &[&str] = &["date", "updated", "tags", "summary", "cover", "cover_alt"];

impl Kind {
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

    /// The front-matter fields this kind may have.
    pub fn fields(self) -> Vec<&'static str> {
        let extra: &[&str] = match self {
            Kind::Home | Kind::Section => return SECTION.to_vec(),
            Kind::Testimonial => return TESTIMONIAL.to_vec(),
            Kind::Service => SERVICE,
            Kind::CaseStudy => CASE_STUDY,
            Kind::Post => POST,
            Kind::Page | Kind::Skills | Kind::Faq => &[],
        };
        PAGE.iter().chain(extra).copied().collect()
    }

    /// Every front-matter field of any kind, each once.
    pub fn all_fields() -> Vec<&'static str> {
        let mut all: Vec<&'static str> = Vec::new();
        for kind in [Kind::Section, Kind::Testimonial, Kind::Service, Kind::CaseStudy, Kind::Post] {
            for field in kind.fields() {
                if !all.contains(&field) {
                    all.push(field);
                }
            }
        }
        all
    }

    /// The name used in templates (`page.kind`) and in messages.
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
    }
}
