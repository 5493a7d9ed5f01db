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

/// Names Windows will not accept as file or folder names.
pub fn is_reserved_on_windows(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    let base = upper.split('.').next().unwrap_or("");
    matches!(base, "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit())
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

    #[test]
    fn windows_names() {
        assert!(is_reserved_on_windows("con"));
        assert!(is_reserved_on_windows("com1"));
        assert!(!is_reserved_on_windows("contact"));
    }
}
