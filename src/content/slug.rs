//! Slugs: the URL-safe names pages get from their file names or titles. Lower-case ASCII
//! letters, digits and single hyphens; accents folded, other scripts transliterated.

/// `"Café Déjà Vu!"` → `"cafe-deja-vu"`.
pub fn slugify(text: &str) -> String {
    let folded = deunicode::deunicode(text);
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// A title made from a slug or folder name, for a page that has none: `case-studies` → `Case studies`.
pub fn title(slug: &str) -> String {
    let mut title = slug.replace('-', " ");
    if let Some(first) = title.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_ascii() {
        assert_eq!(slugify("Inbox Management"), "inbox-management");
        assert_eq!(slugify("Café Déjà Vu!"), "cafe-deja-vu");
        assert_eq!(slugify("what's #1? 100%"), "what-s-1-100");
        assert_eq!(slugify("日本"), "ri-ben");
        assert_eq!(slugify("..."), "");
    }
}
