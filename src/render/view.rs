//! What templates see: serializable views of the `Site` — `site`, `page`, `section` and the
//! small summaries lists are made of. Lists carry summaries, never whole pages, so a blog of
//! 10,000 posts is not copied into every list page. No I/O, no formatting of HTML.

use std::sync::LazyLock;

use serde::Serialize;

use crate::content::case_study::CaseStudyFields;
use crate::content::case_study::{CaseResult, ResultValue};
use crate::content::service::ServiceFields;
use crate::content::service::{self, Package};
use crate::content::skills::SkillCategory;
use crate::content::testimonial::TestimonialFields;
use crate::content::{Kind, Own};
use crate::images::Role;
use crate::site::markdown::TocEntry;
use crate::site::{FaqItem, Page, Site};
use crate::strings::Strings;

/// `{name, url}`: a link in a list, a breadcrumb or a menu.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Text.
    pub name: String,
    /// URL with the base path.
    pub url: String,
    /// Whether the current page is at or below it (menus only).
    pub active: bool,
}

/// A service's call to action.
#[derive(Debug, Clone, Serialize)]
pub struct CtaView {
    /// Button text.
    pub label: String,
    /// Where it goes.
    pub url: String,
}

/// The previous or next post.
#[derive(Debug, Clone, Serialize)]
pub struct PostLink {
    /// Its title.
    pub title: String,
    /// Its URL.
    pub url: String,
}

/// An image with its size, and its smaller copies when Shingle made them.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// URL with the base path (or as written, for images elsewhere).
    pub url: String,
    /// Alt text.
    pub alt: String,
    /// Pixels, when known.
    pub width: Option<usize>,
    /// Pixels, when known.
    pub height: Option<usize>,
    /// `srcset` in the picture's own format (empty without copies).
    pub srcset: String,
    /// A `<source>` per other format: `type` and `srcset` (WebP).
    pub sources: Vec<crate::images::Source>,
}

/// One result of a case study: `figure` (short, set large) and `label`, or `label` alone.
#[derive(Debug, Serialize)]
pub struct ResultView<'a> {
    /// The number, as written: `"60%"`, or none for a result in words.
    pub figure: Option<String>,
    /// What the figure measures, or the whole result in words.
    pub label: &'a str,
    /// Over what time, or none.
    pub period: Option<&'a str>,
}

impl<'a> ResultView<'a> {
    fn of(result: &'a CaseResult) -> ResultView<'a> {
        let figure = result.figure.as_ref().map(|figure| match figure {
            ResultValue::Text(text) => text.clone(),
            ResultValue::Number(number) => crate::content::service::format_number(*number),
        });
        ResultView { figure, label: &result.label, period: result.period.as_deref() }
    }

    /// The views of a list of results.
    pub fn all(results: &'a [CaseResult]) -> Vec<ResultView<'a>> {
        results.iter().map(ResultView::of).collect()
    }
}

/// A tag on a post.
#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    /// As written.
    pub name: String,
    /// For its URL.
    pub slug: String,
    /// Its page.
    pub url: String,
    /// Number of posts.
    pub count: usize,
}

/// A service in a list.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct ServiceSummary<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub summary_text: Option<&'a str>,
    pub icon: Option<&'a str>,
    pub featured: bool,
    pub price_display: String,
    /// The lowest price, `£45`, or none for a service priced on request.
    pub price_from: Option<String>,
    /// What the lowest price is for: `hour`, `month`.
    pub price_unit: Option<&'a str>,
    /// How many packages the service page shows.
    pub package_count: usize,
    /// What the client gets (the first few, for a comparison at a glance).
    pub deliverables: &'a [String],
    pub pricing: Option<PricingView>,
}

/// `[pricing]` for templates, with readable labels and terms.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct PricingView {
    pub model: Option<service::Model>,
    pub model_label: Option<String>,
    pub from: Option<f64>,
    pub currency: Option<String>,
    pub price_display: Option<String>,
    pub unit: Option<String>,
    pub minimum_hours: Option<f64>,
    pub increment_minutes: Option<u32>,
    pub rollover_hours: Option<f64>,
    pub billing: Option<service::Billing>,
    pub term_months: Option<u32>,
    pub terms: Vec<String>,
}

/// A package of a service.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct PackageView<'a> {
    pub name: &'a str,
    pub price: Option<f64>,
    pub price_display: Option<String>,
    pub unit: Option<&'a str>,
    pub hours: Option<f64>,
    /// `hours` for readers: `10`, `2.5`.
    pub hours_display: Option<String>,
    pub features: &'a [String],
    pub highlighted: bool,
    pub description: Option<&'a str>,
}

/// A testimonial, wherever it is shown.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct TestimonialView<'a> {
    pub id: &'a str,
    /// Who said it, as a list of pages names each page: the author.
    pub title: &'a str,
    /// Where the quote is on the testimonials page: `/testimonials/#testimonial-jo`.
    pub url: String,
    pub quote: &'a str,
    pub author: &'a str,
    pub role: Option<&'a str>,
    pub company: Option<&'a str>,
    pub company_url: Option<&'a str>,
    pub date: Option<String>,
    pub avatar: Option<ImageView>,
    pub logo: Option<ImageView>,
    pub highlight: Option<&'a str>,
    pub rating: Option<i64>,
    pub services: &'a [String],
    pub case_study: Option<&'a str>,
    pub source: Option<&'static str>,
    pub source_label: Option<&'static str>,
    pub source_url: Option<&'a str>,
    pub relationship: Option<&'a str>,
}

/// A case study in a list.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct CaseStudySummary<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub client: Option<&'a str>,
    pub anonymized: bool,
    pub industry: Option<&'a str>,
    pub summary_text: Option<&'a str>,
    pub results: Vec<ResultView<'a>>,
    pub cover: Option<ImageView>,
    pub date: Option<String>,
    pub date_display: Option<String>,
}

/// A post in a list.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct PostSummary<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub summary: String,
    pub tags: Vec<TagView>,
    pub reading_time: usize,
    pub cover: Option<ImageView>,
    pub draft: bool,
}

/// An FAQ entry.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct FaqView<'a> {
    pub question: &'a str,
    pub id: &'a str,
    pub answer: &'a str,
    pub services: &'a [String],
}

/// The fields every single page has; kind-specific fields are added by `PageView`.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub slug: &'a str,
    pub content: &'a str,
    pub summary: Option<&'a str>,
    pub toc: &'a [TocEntry],
    pub draft: bool,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub extra: Option<&'a toml::Table>,
    pub breadcrumbs: Vec<LinkView>,
    pub word_count: usize,
    pub reading_time: usize,
    pub has_code: bool,
    pub template: Option<&'a str>,
    #[serde(flatten)]
    pub kind_fields: KindFields<'a>,
}

/// Fields only some kinds have.
#[derive(Debug, Serialize)]
#[serde(untagged)]
#[allow(missing_docs)]
pub enum KindFields<'a> {
    Service {
        summary_text: Option<&'a str>,
        icon: Option<&'a str>,
        featured: bool,
        deliverables: &'a [String],
        turnaround: Option<&'a str>,
        ideal_for: &'a [String],
        tools: &'a [String],
        pricing: Option<Box<PricingView>>,
        price_display: String,
        packages: Vec<PackageView<'a>>,
        cta: CtaView,
        testimonials: Vec<TestimonialView<'a>>,
        faq: Vec<FaqView<'a>>,
    },
    CaseStudy {
        summary_text: Option<&'a str>,
        client: Option<&'a str>,
        anonymized: bool,
        industry: Option<&'a str>,
        services: Vec<ServiceSummary<'a>>,
        tools: &'a [String],
        results: Vec<ResultView<'a>>,
        testimonial: Option<Box<TestimonialView<'a>>>,
        cover: Option<ImageView>,
    },
    Home {
        headline: Option<&'a str>,
        subhead: Option<&'a str>,
    },
    Post {
        tags: Vec<TagView>,
        cover: Option<ImageView>,
        previous: Option<PostLink>,
        next: Option<PostLink>,
    },
    None {},
}

/// The fields of a kind, all empty, for a page of another kind (never the case where the
/// views are used, but a view is never a reason to stop a build).
static NO_SERVICE: LazyLock<ServiceFields> = LazyLock::new(ServiceFields::default);
static NO_TESTIMONIAL: LazyLock<TestimonialFields> = LazyLock::new(TestimonialFields::default);
static NO_CASE_STUDY: LazyLock<CaseStudyFields> = LazyLock::new(CaseStudyFields::default);

impl Site {
    /// Reading time in minutes at 200 words a minute, at least 1.
    pub fn reading_time(page: &Page) -> usize {
        page.body.word_count.div_ceil(200).max(1)
    }

    /// An image from a front-matter path (in `static/`) or a full URL, shown as `role`.
    pub fn image(&self, path: Option<&str>, alt: Option<&str>, role: Role) -> Option<ImageView> {
        let path = path?;
        let alt = alt.unwrap_or("").to_string();
        let external = crate::url::is_external(path);
        let rel = path.trim_start_matches('/');
        if !external && let Some(Ok(shown)) = self.images.show(&self.assets, rel, role) {
            let picture = shown.picture(|copy| self.assets.url(copy));
            return Some(ImageView {
                url: picture.src,
                alt,
                width: Some(picture.width as usize),
                height: Some(picture.height as usize),
                srcset: picture.srcset,
                sources: picture.sources,
            });
        }
        let size = if external { None } else { self.assets.image_size(rel) };
        Some(ImageView {
            url: if external { path.to_string() } else { self.assets.url(rel) },
            alt,
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
            srcset: String::new(),
            sources: Vec::new(),
        })
    }

    /// A service's summary.
    pub fn service_summary<'a>(&'a self, page: &'a Page) -> ServiceSummary<'a> {
        let front = &page.doc.front;
        let service = front.service().unwrap_or(&NO_SERVICE);
        let lowest = service::lowest_price(&self.strings, service.pricing.as_ref(), &service.packages);
        ServiceSummary {
            title: &page.title,
            slug: &page.slug,
            url: self.url(&page.path),
            summary_text: service.summary.as_deref().or(front.page.description.as_deref()),
            icon: service.icon.as_deref(),
            featured: service.featured,
            price_display: service::price_line(&self.strings, service.pricing.as_ref(), &service.packages),
            price_from: lowest.as_ref().map(|(price, _)| price.clone()),
            price_unit: lowest.and_then(|(_, unit)| unit),
            package_count: service.packages.len(),
            deliverables: &service.deliverables[..service.deliverables.len().min(3)],
            pricing: service.pricing.as_ref().map(|p| self.pricing_view(p)),
        }
    }

    /// A testimonial's view.
    pub fn testimonial_view<'a>(&'a self, page: &'a Page) -> TestimonialView<'a> {
        let front = page.doc.front.testimonial().unwrap_or(&NO_TESTIMONIAL);
        let list = crate::site::paths::list_folder(Kind::Testimonial).unwrap_or_default();
        TestimonialView {
            id: &page.slug,
            title: &page.title,
            url: format!("{}#testimonial-{}", self.url(list), page.slug),
            quote: &page.body.html,
            author: front.author.as_deref().unwrap_or(""),
            role: front.role.as_deref(),
            company: front.company.as_deref(),
            company_url: front.company_url.as_deref(),
            date: front.date.map(|d| d.iso()),
            avatar: self.image(front.avatar.as_deref(), front.avatar_alt.as_deref(), Role::Avatar),
            logo: self.image(front.logo.as_deref(), front.logo_alt.as_deref(), Role::Logo),
            highlight: front.highlight.as_deref(),
            rating: front.rating,
            services: &front.services,
            case_study: front.case_study.as_deref(),
            source: front.source.map(|s| s.key()),
            source_label: front.source.map(|s| s.label()),
            source_url: front.source_url.as_deref(),
            relationship: front.relationship.as_deref(),
        }
    }

    /// A case study's summary.
    pub fn case_study_summary<'a>(&'a self, page: &'a Page) -> CaseStudySummary<'a> {
        let front = &page.doc.front;
        let study = front.case_study().unwrap_or(&NO_CASE_STUDY);
        CaseStudySummary {
            title: &page.title,
            slug: &page.slug,
            url: self.url(&page.path),
            client: study.client.as_deref(),
            anonymized: study.anonymized,
            industry: study.industry.as_deref(),
            summary_text: study.summary.as_deref().or(front.page.description.as_deref()),
            results: ResultView::all(&study.results[..study.results.len().min(3)]),
            cover: self.image(front.cover.cover.as_deref(), front.cover.cover_alt.as_deref(), Role::Cover),
            date: study.date.map(|d| d.iso()),
            date_display: study.date.map(|d| self.strings.date(d)),
        }
    }

    /// A post's summary: the text before `<!-- more -->`, else `summary`, else the description.
    pub fn post_summary<'a>(&'a self, page: &'a Page) -> PostSummary<'a> {
        let mut summary = self.post_summary_untagged(page);
        summary.tags = self.tag_views(page);
        summary
    }

    /// A post's summary with its `tags` left empty, for a caller that adds views it shares.
    pub fn post_summary_untagged<'a>(&'a self, page: &'a Page) -> PostSummary<'a> {
        let front = &page.doc.front;
        let summary = match (&page.body.summary, front.summary(), front.page.description.as_deref()) {
            (Some(html), _, _) => html.clone(),
            (None, Some(text), _) | (None, None, Some(text)) => format!("<p>{}</p>", crate::context::html(text)),
            (None, None, None) => String::new(),
        };
        PostSummary {
            title: &page.title,
            slug: &page.slug,
            url: self.url(&page.path),
            date: page.doc.front.date().map(|d| d.iso()),
            date_display: page.doc.front.date().map(|d| self.strings.date(d)),
            summary,
            tags: Vec::new(),
            reading_time: Site::reading_time(page),
            cover: self.image(front.cover.cover.as_deref(), front.cover.cover_alt.as_deref(), Role::Cover),
            draft: front.basics.draft,
        }
    }

    fn tag_views(&self, page: &Page) -> Vec<TagView> {
        self.tag_slugs(page).filter_map(|slug| self.tag(&slug)).map(|tag| self.tag_view(tag)).collect()
    }

    /// The slugs of a post's tags, each once, in the order written.
    pub fn tag_slugs<'p>(&self, page: &'p Page) -> impl Iterator<Item = String> + 'p {
        let mut seen: Vec<String> = Vec::new();
        page.doc.front.tags().iter().take(crate::content::MAX_TAGS_PER_POST).filter_map(move |name| {
            let slug = crate::content::slug::slugify(name);
            if slug.is_empty() || seen.contains(&slug) {
                return None;
            }
            seen.push(slug.clone());
            Some(slug)
        })
    }

    /// The tag with this slug.
    pub fn tag(&self, slug: &str) -> Option<&crate::site::Tag> {
        // tags are kept in slug order
        self.tags.binary_search_by(|tag| tag.slug.as_str().cmp(slug)).ok().map(|i| &self.tags[i])
    }

    /// A tag's view.
    pub fn tag_view(&self, tag: &crate::site::Tag) -> TagView {
        TagView {
            name: tag_name(&tag.name),
            slug: tag.slug.clone(),
            url: self.url(&crate::site::paths::tag_folder(&tag.slug)),
            count: tag.posts.len(),
        }
    }

    /// An FAQ entry's view.
    pub fn faq_view<'a>(&self, item: &'a FaqItem) -> FaqView<'a> {
        FaqView { question: &item.question, id: &item.id, answer: &item.answer, services: &item.services }
    }

    /// The trail from the home page to `page`.
    pub fn breadcrumbs(&self, path: &str, title: &str) -> Vec<LinkView> {
        let mut crumbs = vec![LinkView { name: self.strings.get("home").into(), url: self.url(""), active: false }];
        if path.is_empty() {
            return crumbs;
        }
        let mut so_far = String::new();
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        for (i, segment) in segments.iter().enumerate() {
            so_far.push_str(segment);
            so_far.push('/');
            let name = if i + 1 == segments.len() {
                title.to_string()
            } else {
                self.section_titles.get(&so_far).cloned().unwrap_or_else(|| crate::content::slug::title(segment))
            };
            crumbs.push(LinkView { name, url: self.url(&so_far), active: false });
        }
        crumbs
    }

    /// The full view of a single page.
    pub fn page_view<'a>(&'a self, index: usize) -> PageView<'a> {
        let page = &self.pages[index];
        let front = &page.doc.front;
        let kind_fields = match &front.own {
            Own::Service(service) => KindFields::Service {
                summary_text: service.summary.as_deref(),
                icon: service.icon.as_deref(),
                featured: service.featured,
                deliverables: &service.deliverables,
                turnaround: service.turnaround.as_deref(),
                ideal_for: &service.ideal_for,
                tools: &service.tools,
                pricing: service.pricing.as_ref().map(|p| Box::new(self.pricing_view(p))),
                price_display: service::price_line(&self.strings, service.pricing.as_ref(), &service.packages),
                packages: service
                    .packages
                    .iter()
                    .map(|p| package_view(&self.strings, p, service.pricing.as_ref()))
                    .collect(),
                cta: self.cta(service.cta.as_ref()),
                testimonials: self
                    .testimonials_for(&page.slug)
                    .into_iter()
                    .map(|i| self.testimonial_view(&self.pages[i]))
                    .collect(),
                faq: self.faq.iter().filter(|f| f.services.contains(&page.slug)).map(|f| self.faq_view(f)).collect(),
            },
            Own::CaseStudy(study) => KindFields::CaseStudy {
                summary_text: study.summary.as_deref(),
                client: study.client.as_deref(),
                anonymized: study.anonymized,
                industry: study.industry.as_deref(),
                services: study
                    .services
                    .iter()
                    .filter_map(|s| self.find(Kind::Service, s))
                    .map(|p| self.service_summary(p))
                    .collect(),
                tools: &study.tools,
                results: ResultView::all(&study.results),
                testimonial: study
                    .testimonial
                    .as_deref()
                    .and_then(|s| self.find(Kind::Testimonial, s))
                    .map(|p| Box::new(self.testimonial_view(p))),
                cover: self.image(front.cover.cover.as_deref(), front.cover.cover_alt.as_deref(), Role::Cover),
            },
            Own::Post(_) => {
                let position = self.post_position.get(&index).copied();
                let link =
                    |i: usize| PostLink { title: self.pages[i].title.clone(), url: self.url(&self.pages[i].path) };
                KindFields::Post {
                    tags: self.tag_views(page),
                    cover: self.image(front.cover.cover.as_deref(), front.cover.cover_alt.as_deref(), Role::Cover),
                    previous: position.and_then(|p| self.posts.get(p + 1)).map(|&i| link(i)),
                    next: position.and_then(|p| p.checked_sub(1)).map(|p| link(self.posts[p])),
                }
            }
            Own::Home(home) => {
                KindFields::Home { headline: home.headline.as_deref(), subhead: home.subhead.as_deref() }
            }
            _ => KindFields::None {},
        };
        PageView {
            kind: page.doc.kind.name(),
            title: &page.title,
            description: front.page.description.as_deref().or(front.summary()),
            url: self.url(&page.path),
            permalink: self.permalink(&page.path),
            slug: &page.slug,
            content: &page.body.html,
            summary: page.body.summary.as_deref(),
            toc: &page.body.toc,
            draft: front.basics.draft,
            date: page.doc.front.date().map(|d| d.iso()),
            date_display: page.doc.front.date().map(|d| self.strings.date(d)),
            updated: page.doc.front.updated().map(|d| d.iso()),
            updated_display: page.doc.front.updated().map(|d| self.strings.date(d)),
            extra: front.basics.extra.as_ref(),
            breadcrumbs: self.breadcrumbs(&page.path, &page.title),
            word_count: page.body.word_count,
            reading_time: Site::reading_time(page),
            has_code: page.body.has_code,
            template: front.page.template.as_deref(),
            kind_fields,
        }
    }

    fn cta(&self, cta: Option<&crate::content::service::Cta>) -> CtaView {
        let booking = self.booking();
        CtaView {
            label: cta.and_then(|c| c.label.clone()).unwrap_or(booking.label),
            url: cta.and_then(|c| c.url.as_ref()).map_or(booking.url, |u| u.to_string()),
        }
    }

    /// `site.skills`.
    pub fn skills_view(&self) -> &[SkillCategory] {
        &self.skills
    }

    fn pricing_view(&self, p: &service::Pricing) -> PricingView {
        PricingView {
            model: p.model,
            model_label: p.model.map(|m| m.label(&self.strings)),
            from: p.from,
            currency: p.currency.clone(),
            price_display: p.from.map(|f| service::format_price(f, p.currency.as_deref().unwrap_or(""), &self.strings)),
            unit: p.unit.clone(),
            minimum_hours: p.minimum_hours,
            increment_minutes: p.increment_minutes,
            rollover_hours: p.rollover_hours,
            billing: p.billing,
            term_months: p.term_months,
            terms: service::terms(&self.strings, p),
        }
    }
}

fn package_view<'a>(strings: &Strings, p: &'a Package, pricing: Option<&'a service::Pricing>) -> PackageView<'a> {
    let currency = pricing.and_then(|p| p.currency.as_deref()).unwrap_or("");
    PackageView {
        name: &p.name,
        price: p.price,
        price_display: p.price.map(|price| service::format_price(price, currency, strings)),
        unit: p.unit.as_deref().or(pricing.and_then(|p| p.unit.as_deref())),
        hours: p.hours,
        hours_display: p.hours.map(service::format_number),
        features: &p.features,
        highlighted: p.highlighted,
        description: p.description.as_deref(),
    }
}

/// `site.booking`: always a label and a URL, so every theme can show its call to action.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct BookingView {
    pub url: String,
    pub label: String,
    pub embed: bool,
}

impl Site {
    /// The booking link from site.toml, else the contact page, else an email to the owner; its
    /// label from site.toml, else "Get in touch" in the site's language.
    pub fn booking(&self) -> BookingView {
        let config = &self.config;
        let fallback = || {
            if let Some(contact) = self.page_of("contact.md") {
                self.url(&contact.path)
            } else if !config.owner.email.is_empty() {
                format!("mailto:{}", config.owner.email)
            } else {
                self.url("")
            }
        };
        BookingView {
            url: config.booking.url.as_ref().map(|u| u.to_string()).unwrap_or_else(fallback),
            label: config.booking.label.clone().unwrap_or_else(|| self.strings.get("get_in_touch").to_string()),
            embed: config.booking.embed && config.booking.url.is_some(),
        }
    }
}

/// A tag's name for readers: as written, but a name written like an address
/// (`working-with-a-va`) reads as words (`Working with a va`).
fn tag_name(name: &str) -> String {
    if name.contains(' ') || !name.contains('-') {
        return name.to_string();
    }
    let words = name.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
