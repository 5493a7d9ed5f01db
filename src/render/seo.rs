//! What search engines and link previews read: the `seo` value of each page (title,
//! description, canonical URL, Open Graph type and image) and its JSON-LD — the owner as
//! `Person` or `Organization`, `Service` with `Offer`s, `BlogPosting`, `BreadcrumbList`.
//! Never an `AggregateRating`: reviews a business publishes about itself are not eligible.

use serde::Serialize;
use serde_json::{Value, json};

use crate::content::Kind;
use crate::images::Role;
use crate::render::lists::SectionView;
use crate::render::view::LinkView;
use crate::site::Site;

/// `seo` in templates.
#[derive(Debug, Serialize)]
pub struct Seo {
    /// The full `<title>`.
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// `website` or `article`.
    pub og_type: &'static str,
    /// Absolute URL of the preview image.
    pub image: Option<String>,
    /// Its alt text.
    pub image_alt: Option<String>,
    /// Its width and height, when Shingle made it.
    pub image_size: Option<(u32, u32)>,
    /// JSON-LD, as JSON text.
    pub json_ld: String,
    /// `noindex` for drafts and the 404 page.
    pub robots: Option<&'static str>,
}

/// `seo` for a single page.
pub fn for_page(site: &Site, index: usize) -> Seo {
    let page = &site.pages[index];
    let front = &page.doc.front;
    let canonical = site.permalink(&page.path);
    let description = front
        .page
        .description
        .clone()
        .or_else(|| front.summary().map(str::to_string))
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| site.config.description.clone());
    let title = if page.doc.kind == Kind::Home {
        site.config.title.clone()
    } else {
        format!("{} — {}", page.title, site.config.title)
    };
    let (image, image_alt) = match (&front.cover.cover, site.card_of(index)) {
        (Some(cover), _) => (Some(preview(site, cover)), front.cover.cover_alt.clone()),
        (None, Some((path, card))) => (Some(drawn(site, &path)), Some(format!("{}: {}", card.site, card.title))),
        (None, None) => (None, None),
    };
    let (image, image_size) = image.map_or((None, None), |(url, size)| (Some(url), size));
    let mut graph = vec![owner(site)];
    match page.doc.kind {
        Kind::Home => graph.push(website(site)),
        Kind::Service => graph.push(service(site, index, &canonical, &description)),
        Kind::Post => {
            let mut post = json!({
                "@type": "BlogPosting",
                "headline": page.title,
                "description": description,
                "url": canonical,
                "mainEntityOfPage": canonical,
                "author": {"@id": owner_id(site)},
                "publisher": {"@id": owner_id(site)},
                "inLanguage": site.config.language,
                "wordCount": page.body.word_count,
            });
            if let Some(date) = page.doc.front.date() {
                post["datePublished"] = json!(date.iso());
                post["dateModified"] = json!(page.doc.front.updated().unwrap_or(date).iso());
            }
            if !front.tags().is_empty() {
                post["keywords"] = json!(front.tags().join(", "));
            }
            if let Some(image) = &image {
                post["image"] = json!(image);
            }
            graph.push(post);
        }
        _ => {}
    }
    if page.doc.kind != Kind::Home {
        graph.push(breadcrumbs(site, &site.breadcrumbs(&page.path, &page.title)));
    }
    Seo {
        title,
        description,
        canonical,
        og_type: if page.doc.kind == Kind::Post { "article" } else { "website" },
        image,
        image_alt,
        image_size,
        json_ld: to_json(graph),
        robots: front.basics.draft.then_some("noindex"),
    }
}

/// `seo` for a list page, the tags pages and the 404 page.
pub fn for_list(site: &Site, section: &SectionView, noindex: bool) -> Seo {
    let description = section.description.clone().unwrap_or_else(|| site.config.description.clone());
    let graph = vec![owner(site), breadcrumbs(site, &section.breadcrumbs)];
    // the list's own page's card, or the home page's
    let card = |kind: Option<Kind>, title: Option<&str>| {
        let index = site.pages.iter().position(|page| {
            kind.is_none_or(|kind| page.doc.kind == kind) && title.is_none_or(|title| page.title == title)
        })?;
        site.card_of(index).filter(|(path, _)| site.outputs.get(path).is_some())
    };
    let found = card(Some(Kind::Section), Some(&section.title)).or_else(|| card(Some(Kind::Home), None));
    let image_alt = found.as_ref().map(|(_, card)| format!("{}: {}", card.site, card.title));
    let image = found.map(|(path, _)| drawn(site, &path));
    Seo {
        title: format!("{} — {}", section.title, site.config.title),
        description,
        canonical: section.permalink.clone(),
        og_type: "website",
        image: image.as_ref().map(|(url, _)| url.clone()),
        image_alt,
        image_size: image.and_then(|(_, size)| size),
        json_ld: to_json(graph),
        robots: (noindex || section.draft).then_some("noindex"),
    }
}

fn to_json(graph: Vec<Value>) -> String {
    let mut doc = json!({"@context": "https://schema.org", "@graph": graph});
    sort_keys(&mut doc);
    crate::context::json_in_script(&serde_json::to_string(&doc).unwrap_or_default())
}

/// Puts every object's keys in alphabetical order, so the JSON-LD of a page is the same bytes
/// whatever order it was built in.
fn sort_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.sort_keys();
            map.values_mut().for_each(sort_keys);
        }
        Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

/// The absolute URL of the link preview made from the picture at `path`, with its size; a web
/// address or a picture Shingle does not make copies of (an SVG) is named as it is.
fn preview(site: &Site, path: &str) -> (String, Option<(u32, u32)>) {
    if !crate::url::is_external(path)
        && let Some(Ok(shown)) = site.images.show(&site.assets, path.trim_start_matches('/'), Role::Preview)
    {
        return (site.permalink(&shown.src.path), Some((shown.src.size.width, shown.src.size.height)));
    }
    (absolute(site, path), None)
}

/// The absolute URL of a card Shingle draws, with its size.
fn drawn(site: &Site, path: &str) -> (String, Option<(u32, u32)>) {
    (site.permalink(path), Some(crate::images::card::SIZE))
}

fn absolute(site: &Site, path: &str) -> String {
    if crate::url::is_external(path) { path.to_string() } else { site.permalink(path) }
}

fn owner_id(site: &Site) -> String {
    format!("{}#owner", site.config.base_url)
}

fn owner(site: &Site) -> Value {
    let config = &site.config;
    let organization = config.owner.kind.as_deref() == Some("organization") || config.owner.name.is_empty();
    let mut owner = json!({
        "@type": if organization { "Organization" } else { "Person" },
        "@id": owner_id(site),
        "name": if config.owner.name.is_empty() { &config.title } else { &config.owner.name },
        "url": config.base_url,
    });
    if !organization && !config.owner.role.is_empty() {
        owner["jobTitle"] = json!(config.owner.role);
        owner["worksFor"] = json!({"@type": "Organization", "name": config.title, "url": config.base_url});
    }
    if !config.owner.email.is_empty() {
        owner["email"] = json!(format!("mailto:{}", config.owner.email));
    }
    if let Some(photo) = &config.owner.photo {
        owner["image"] = json!(absolute(site, photo));
    }
    if !config.owner.areas_served.is_empty() && organization {
        owner["areaServed"] = json!(config.owner.areas_served);
    }
    let same_as: Vec<&str> = config.social.values().map(|link| link.as_str()).collect();
    if !same_as.is_empty() {
        owner["sameAs"] = json!(same_as);
    }
    owner
}

fn website(site: &Site) -> Value {
    json!({
        "@type": "WebSite",
        "name": site.config.title,
        "url": site.config.base_url,
        "inLanguage": site.config.language,
        "publisher": {"@id": owner_id(site)},
    })
}

fn service(site: &Site, index: usize, url: &str, description: &str) -> Value {
    let page = &site.pages[index];
    let front = &page.doc.front;
    let mut service = json!({
        "@type": "Service",
        "name": page.title,
        "description": description,
        "url": url,
        "provider": {"@id": owner_id(site)},
        "serviceType": page.title,
    });
    if !site.config.owner.areas_served.is_empty() {
        service["areaServed"] = json!(site.config.owner.areas_served);
    }
    let Some(fields) = front.service() else { return service };
    let currency = fields.pricing.as_ref().and_then(|p| p.currency.clone());
    let mut offers = Vec::new();
    if let (Some(pricing), Some(currency)) = (&fields.pricing, &currency)
        && let Some(from) = pricing.from
    {
        let mut offer = json!({"@type": "Offer", "priceCurrency": currency, "price": price(from), "url": url});
        if let Some(unit) = &pricing.unit {
            offer["priceSpecification"] = json!({"@type": "UnitPriceSpecification", "price": price(from), "priceCurrency": currency, "unitText": unit});
        }
        offers.push(offer);
    }
    for package in &fields.packages {
        if let (Some(amount), Some(currency)) = (package.price, &currency) {
            offers.push(json!({"@type": "Offer", "name": package.name, "priceCurrency": currency, "price": price(amount), "url": url}));
        }
    }
    if !offers.is_empty() {
        service["offers"] = json!(offers);
    }
    service
}

/// Prices as schema.org wants them: a number, with a dot.
fn price(amount: f64) -> Value {
    if amount.fract() == 0.0 { json!(amount as i64) } else { json!((amount * 100.0).round() / 100.0) }
}

fn breadcrumbs(site: &Site, trail: &[LinkView]) -> Value {
    let items: Vec<Value> = trail
        .iter()
        .enumerate()
        .map(|(i, link)| {
            let path = link.url.strip_prefix(&site.base_path).unwrap_or(&link.url);
            json!({"@type": "ListItem", "position": i + 1, "name": link.name, "item": site.permalink(path)})
        })
        .collect();
    json!({"@type": "BreadcrumbList", "itemListElement": items})
}
