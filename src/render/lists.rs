//! The list pages and site-wide views: services, work and blog lists with pagination, tag
//! pages, the 404 page, the menus and the `site` value every template gets.

use serde::Serialize;

use crate::content::Kind;
use crate::content::skills::SkillCategory;
use crate::images::Role;
use crate::load::theme::Theme;
use crate::render::view::{
    BookingView, CaseStudySummary, FaqView, ImageView, LinkView, PostSummary, ServiceSummary, TagView, TestimonialView,
};
use crate::site::Site;
use crate::site::paths;

/// `section` in list templates.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct SectionView<'a> {
    pub kind: &'static str,
    pub title: String,
    pub description: Option<String>,
    pub content: &'a str,
    pub url: String,
    pub permalink: String,
    pub breadcrumbs: Vec<LinkView>,
    pub pages: Vec<Summary<'a>>,
    pub tags: Vec<TagView>,
    pub extra: Option<&'a toml::Table>,
    pub draft: bool,
}

/// An entry of a list.
#[derive(Debug, Serialize)]
#[serde(untagged)]
#[allow(missing_docs)]
pub enum Summary<'a> {
    Service(ServiceSummary<'a>),
    Testimonial(TestimonialView<'a>),
    CaseStudy(CaseStudySummary<'a>),
    Post(PostSummary<'a>),
    Page { title: &'a str, url: String, description: Option<&'a str> },
}

/// `paginator`.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageNumber>,
}

/// One page of a paginated list.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct PageNumber {
    pub number: usize,
    pub url: String,
    /// Pages are left out just before this one (show "…").
    pub gap_before: bool,
}

/// Page numbers shown either side of the current page; the first and last are always shown.
const NEAR: usize = 2;

/// A rendered list: where it goes and what it shows.
#[derive(Debug)]
pub struct List<'a> {
    /// Output path of this page of the list, `blog/page/2/`.
    pub path: String,
    /// `section`.
    pub section: SectionView<'a>,
    /// `paginator`, for paginated lists.
    pub paginator: Option<Paginator>,
}

fn members(site: &Site, kind: Kind, folder: &str) -> Vec<usize> {
    match kind {
        Kind::Service => site.services.clone(),
        Kind::Testimonial => site.testimonials.clone(),
        Kind::CaseStudy => site.work.clone(),
        Kind::Post => site.posts.clone(),
        _ => site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.doc.kind == Kind::Page && p.path.starts_with(folder) && p.path != folder)
            .map(|(i, _)| i)
            .collect(),
    }
}

fn paginate(site: &Site, base: &str, total_items: usize, per: usize, number: usize) -> (String, Paginator) {
    let total = total_items.div_ceil(per).max(1);
    let path_of = |n: usize| paths::numbered(base, n);
    let paginator = Paginator {
        current: number,
        total,
        previous_url: (number > 1).then(|| site.url(&path_of(number - 1))),
        next_url: (number < total).then(|| site.url(&path_of(number + 1))),
        pages: shown_pages(number, total)
            .into_iter()
            .scan(0, |last, n| {
                let gap_before = n > *last + 1;
                *last = n;
                Some(PageNumber { number: n, url: site.url(&path_of(n)), gap_before })
            })
            .collect(),
    };
    (path_of(number), paginator)
}

/// The page numbers a list of `total` pages shows on page `current`: the first, the last and
/// those near the current one, so a blog of 800 pages does not list 800 links on each.
fn shown_pages(current: usize, total: usize) -> Vec<usize> {
    let near = current.saturating_sub(NEAR).max(1)..=(current + NEAR).min(total);
    let mut pages: Vec<usize> = [1, total].into_iter().chain(near).collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}

fn summary<'a>(site: &'a Site, index: usize) -> Summary<'a> {
    let page = &site.pages[index];
    match page.doc.kind {
        Kind::Service => Summary::Service(site.service_summary(page)),
        Kind::Testimonial => Summary::Testimonial(site.testimonial_view(page)),
        Kind::CaseStudy => Summary::CaseStudy(site.case_study_summary(page)),
        Kind::Post => Summary::Post(site.post_summary(page)),
        _ => Summary::Page {
            title: &page.title,
            url: site.url(&page.path),
            description: page.doc.front.page.description.as_deref(),
        },
    }
}

/// Page `number` of the list of `kind` in `folder`.
pub fn list<'a>(site: &'a Site, kind: Kind, section: Option<usize>, folder: &str, number: usize) -> List<'a> {
    let all = members(site, kind, folder);
    let title = list_title(site, section, folder);
    let (path, paginator, shown) = if kind == Kind::Post {
        let per = site.per_page(section);
        let (path, paginator) = paginate(site, folder, all.len(), per, number);
        let shown: Vec<usize> = all.iter().copied().skip((number - 1) * per).take(per).collect();
        (path, Some(paginator), shown)
    } else {
        (folder.to_string(), None, all)
    };
    let front = section.map(|i| &site.pages[i].doc.front);
    let section_view = SectionView {
        kind: match kind {
            Kind::Service => "services",
            Kind::Testimonial => "testimonials",
            Kind::CaseStudy => "work",
            Kind::Post => "blog",
            _ => "section",
        },
        breadcrumbs: site.breadcrumbs(folder, &title),
        title,
        description: front.and_then(|f| f.page.description.clone()),
        content: section.map_or("", |i| site.pages[i].body.html.as_str()),
        url: site.url(&path),
        permalink: site.permalink(&path),
        pages: shown.into_iter().map(|i| summary(site, i)).collect(),
        tags: if kind == Kind::Post { site.tags.iter().map(|t| site.tag_view(t)).collect() } else { Vec::new() },
        extra: front.and_then(|f| f.basics.extra.as_ref()),
        draft: front.is_some_and(|f| f.basics.draft),
    };
    List { path, section: section_view, paginator }
}

fn bare_section<'a>(
    site: &Site,
    kind: &'static str,
    title: String,
    path: &str,
    description: Option<String>,
) -> SectionView<'a> {
    SectionView {
        kind,
        breadcrumbs: site.breadcrumbs(path, &title),
        title,
        description,
        content: "",
        url: site.url(path),
        permalink: site.permalink(path),
        pages: Vec::new(),
        tags: Vec::new(),
        extra: None,
        draft: false,
    }
}

/// `/tags/`.
pub fn tags(site: &Site) -> List<'_> {
    let mut section = bare_section(
        site,
        "tags",
        site.strings.get("tags_title").to_string(),
        paths::TAGS,
        Some(site.strings.fill("tags_description", &[("site", &site.config.title)])),
    );
    section.tags = site.tags.iter().map(|t| site.tag_view(t)).collect();
    List { path: paths::TAGS.to_string(), section, paginator: None }
}

/// Page `number` of `/tags/<tag>/`.
pub fn tag(site: &Site, index: usize, number: usize) -> List<'_> {
    let tag = &site.tags[index];
    let base = paths::tag_folder(&tag.slug);
    let per = site.config.paginate.max(1) as usize;
    let (path, paginator) = paginate(site, &base, tag.posts.len(), per, number);
    let name = site.tag_view(tag).name;
    let title = site.strings.fill("tag_title", &[("tag", &name)]);
    let description = Some(site.strings.fill("tag_description", &[("tag", &name), ("site", &site.config.title)]));
    let mut section = bare_section(site, "tag", title, &base, description);
    section.pages = tag.posts.iter().skip((number - 1) * per).take(per).map(|&i| summary(site, i)).collect();
    List { path, section, paginator: Some(paginator) }
}

/// The 404 page's `page`.
pub fn not_found(site: &Site) -> SectionView<'_> {
    let mut view = bare_section(
        site,
        "404",
        site.strings.get("not_found_title").to_string(),
        paths::NOT_FOUND,
        Some(site.strings.get("not_found_description").to_string()),
    );
    view.breadcrumbs.truncate(1);
    view
}

/// An entry of the main menu.
#[derive(Debug, Clone)]
pub struct MenuEntry {
    /// Link text.
    pub name: String,
    /// URL with the base path.
    pub url: String,
    /// Site path it covers, to mark the current page (`services/`).
    pub path: String,
}

/// The main menu and the footer links `(name, url)`.
pub fn menus(site: &Site) -> (Vec<MenuEntry>, Vec<(String, String)>) {
    let mut main = Vec::new();
    if site.config.menu.is_empty() {
        let list = |kind: Kind, members: &[usize]| {
            paths::list_folder(kind).filter(|_| !members.is_empty()).map(str::to_string)
        };
        let page = |file: &str| site.page_of(file).map(|p| p.path.clone());
        for (name, path) in [
            ("menu_services", list(Kind::Service, &site.services)),
            ("menu_work", list(Kind::CaseStudy, &site.work)),
            ("menu_about", page("about.md")),
            ("menu_skills", page("skills.md")),
            ("menu_faq", page("faq.md")),
            ("menu_blog", list(Kind::Post, &site.posts)),
            ("menu_contact", page("contact.md")),
        ] {
            if let Some(path) = path {
                main.push(MenuEntry { name: site.strings.get(name).to_string(), url: site.url(&path), path });
            }
        }
    } else {
        for item in &site.config.menu {
            let (url, path) = menu_target(site, &item.url);
            main.push(MenuEntry { name: item.name.clone(), url, path });
        }
    }
    let mut footer = Vec::new();
    for (name, file) in [("privacy", "privacy.md"), ("terms", "terms.md")] {
        if let Some(page) = site.page_of(file) {
            footer.push((site.strings.get(name).to_string(), site.url(&page.path)));
        }
    }
    if !site.posts.is_empty() {
        footer.push((site.strings.get("rss_feed").to_string(), site.url(&paths::feed(None))));
    }
    (main, footer)
}

fn menu_target(site: &Site, target: &str) -> (String, String) {
    if crate::url::is_external(target) {
        return (target.to_string(), "\u{0}".to_string());
    }
    if let Some(rel) = target.strip_prefix("@/")
        && let Some(page) = site.pages.iter().find(|p| p.doc.rel == rel)
    {
        return (site.url(&page.path), page.path.clone());
    }
    let path = target.trim_start_matches('/').to_string();
    (site.url(&path), path)
}

/// The `site` value.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub domain: Option<&'a str>,
    pub generator: String,
    pub year: Option<u16>,
    pub owner: OwnerView<'a>,
    pub booking: BookingView,
    pub contact: ContactView,
    pub social: Vec<SocialLink>,
    pub theme: &'a str,
    pub theme_options: toml::Table,
    pub services: Vec<ServiceSummary<'a>>,
    pub testimonials: Vec<TestimonialView<'a>>,
    pub work: Vec<CaseStudySummary<'a>>,
    /// Every post: filled in by the renderer, which shares each tag between the posts carrying it.
    #[serde(skip)]
    pub posts: (),
    pub tags: Vec<TagView>,
    pub skills: &'a [SkillCategory],
    pub faq: Vec<FaqView<'a>>,
    pub feed_url: String,
    /// The clients' ratings, summed up once for the whole site (never given to search engines).
    pub rating: Option<RatingView>,
    /// The address of `/testimonials/`, when the site has testimonials.
    pub testimonials_url: Option<String>,
    /// Every word the theme prints, in the site's language: `site.strings.menu`.
    pub strings: &'a std::collections::BTreeMap<String, String>,
}

/// `site.rating`: the average of the ratings testimonials give, shown once rather than on every quote.
#[derive(Debug, Serialize)]
pub struct RatingView {
    /// The average, to one decimal place when it is not whole: `4.8`, `5`.
    pub average: String,
    /// How many testimonials give a rating.
    pub count: usize,
    /// The sentence for readers: "Rated 5 out of 5 by all 9 clients who gave a rating".
    pub text: String,
}

/// The average rating of the published testimonials, when at least one gives one.
fn rating(site: &Site) -> Option<RatingView> {
    let ratings: Vec<i64> =
        site.testimonials.iter().filter_map(|&i| site.pages[i].doc.front.testimonial()?.rating).collect();
    if ratings.is_empty() {
        return None;
    }
    let sum: i64 = ratings.iter().sum();
    let average = sum as f64 / ratings.len() as f64;
    let average = crate::content::service::format_number((average * 10.0).round() / 10.0);
    let count = ratings.len().to_string();
    let key = if ratings.iter().all(|&r| r == ratings[0]) { "rating_summary_all" } else { "rating_summary" };
    let text = site.strings.fill(key, &[("rating", &average), ("count", &count)]);
    Some(RatingView { average, count: ratings.len(), text })
}

/// `site.owner`.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct OwnerView<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub email: &'a str,
    pub photo: Option<String>,
    pub photo_alt: Option<&'a str>,
    pub photo_width: Option<usize>,
    pub photo_height: Option<usize>,
    /// The photo as an image, for the `picture` component.
    pub picture: Option<ImageView>,
    pub location: Option<&'a str>,
    pub timezone: Option<&'a str>,
    pub hours: Option<&'a str>,
    pub response_time: Option<&'a str>,
    pub areas_served: &'a [String],
}

/// `site.contact`.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct ContactView {
    pub form: &'static str,
    pub form_id: Option<String>,
    pub action: Option<String>,
    pub email: String,
}

/// One social profile.
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct SocialLink {
    pub key: String,
    pub name: String,
    pub url: String,
}

/// Builds the `site` value.
pub fn site_view<'a>(site: &'a Site, theme: &'a Theme) -> SiteView<'a> {
    let config = &site.config;
    let photo = site.image(config.owner.photo.as_deref(), config.owner.photo_alt.as_deref(), Role::Portrait);
    let form = config.contact.form.unwrap_or(crate::load::config::FormKind::Mailto);
    let (form_name, action) = match form {
        crate::load::config::FormKind::Formspree => {
            ("formspree", config.contact.form_id.as_ref().map(|id| format!("https://formspree.io/f/{id}")))
        }
        // Netlify shows its own thank-you page when the form has no action
        crate::load::config::FormKind::Netlify => ("netlify", None),
        crate::load::config::FormKind::Mailto => ("mailto", None),
    };
    let year = site.pages.iter().filter_map(|p| p.doc.front.updated().or(p.doc.front.date())).map(|d| d.year).max();
    SiteView {
        title: &config.title,
        description: &config.description,
        language: &config.language,
        base_url: &config.base_url,
        base_path: &site.base_path,
        domain: config.domain.as_deref(),
        generator: format!("Shingle {}", env!("CARGO_PKG_VERSION")),
        year,
        owner: OwnerView {
            name: &config.owner.name,
            role: &config.owner.role,
            email: &config.owner.email,
            photo: photo.as_ref().map(|p| p.url.clone()),
            photo_alt: config.owner.photo_alt.as_deref(),
            location: config.owner.location.as_deref(),
            timezone: config.owner.timezone.as_deref(),
            hours: config.owner.hours.as_deref(),
            response_time: config.owner.response_time.as_deref(),
            areas_served: &config.owner.areas_served,
            photo_width: photo.as_ref().and_then(|p| p.width),
            photo_height: photo.as_ref().and_then(|p| p.height),
            picture: photo,
        },
        booking: site.booking(),
        contact: ContactView {
            form: form_name,
            form_id: config.contact.form_id.clone(),
            action,
            email: config.owner.email.clone(),
        },
        social: config
            .social
            .iter()
            .map(|(key, url)| SocialLink { key: key.clone(), name: social_name(key), url: url.to_string() })
            .collect(),
        theme: &theme.name,
        theme_options: theme.values.clone(),
        services: site.services.iter().map(|&i| site.service_summary(&site.pages[i])).collect(),
        testimonials: site.testimonials.iter().map(|&i| site.testimonial_view(&site.pages[i])).collect(),
        work: site.work.iter().map(|&i| site.case_study_summary(&site.pages[i])).collect(),
        posts: (),
        tags: site.tags.iter().map(|t| site.tag_view(t)).collect(),
        skills: &site.skills,
        faq: site.faq.iter().map(|f| site.faq_view(f)).collect(),
        feed_url: site.permalink(&paths::feed(None)),
        rating: rating(site),
        testimonials_url: paths::list_folder(Kind::Testimonial)
            .filter(|folder| !site.testimonials.is_empty() && site.outputs.contains(&paths::index(folder)))
            .map(|folder| site.url(folder)),
        strings: site.strings.words(),
    }
}

fn social_name(key: &str) -> String {
    match key {
        "linkedin" => "LinkedIn".to_string(),
        "github" => "GitHub".to_string(),
        "youtube" => "YouTube".to_string(),
        "tiktok" => "TikTok".to_string(),
        "x" | "twitter" => "X (Twitter)".to_string(),
        other => crate::content::slug::title(other),
    }
}

/// A title for a list page: its `_index.md`'s, else the folder's name.
pub fn list_title(site: &Site, section: Option<usize>, folder: &str) -> String {
    match section {
        Some(i) => site.pages[i].title.clone(),
        None => {
            let key = match paths::list_kind(folder) {
                Kind::Service => "menu_services",
                Kind::Testimonial => "testimonials_title",
                Kind::CaseStudy => "menu_work",
                Kind::Post => "menu_blog",
                _ => return crate::content::slug::title(folder.trim_end_matches('/')),
            };
            site.strings.get(key).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_show_the_pages_near_the_current_one() {
        assert_eq!(shown_pages(1, 1), [1]);
        assert_eq!(shown_pages(1, 800), [1, 2, 3, 800]);
        assert_eq!(shown_pages(400, 800), [1, 398, 399, 400, 401, 402, 800]);
        assert_eq!(shown_pages(5, 6), [1, 3, 4, 5, 6]);
    }
}
