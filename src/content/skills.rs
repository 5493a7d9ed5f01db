//! `skills.md`: each `##` heading is a category and each list item below it a skill, which may
//! end with its level in parentheses: `- Inbox triage (expert)`.

use serde::Serialize;

use super::slug::slugify;
use crate::error::Diagnostic;

/// Levels a skill may have, in order.
pub const LEVELS: [&str; 3] = ["familiar", "proficient", "expert"];

/// A category of skills.
#[derive(Debug, Clone, Serialize)]
pub struct SkillCategory {
    /// The heading.
    pub name: String,
    /// Anchor id.
    pub id: String,
    /// The skills listed under it.
    pub items: Vec<Skill>,
}

/// One skill.
#[derive(Debug, Clone, Serialize)]
pub struct Skill {
    /// What the VA can do.
    pub name: String,
    /// familiar, proficient or expert, when given.
    pub level: Option<&'static str>,
}

/// Reads the categories from the body. `first_line` is the body's first line in the file.
pub fn parse(file: &str, body: &str, first_line: usize) -> (Vec<SkillCategory>, Vec<Diagnostic>) {
    let mut categories: Vec<SkillCategory> = Vec::new();
    let mut problems = Vec::new();
    let mut in_fence = false;
    for (i, line) in body.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            let name = heading.trim().trim_end_matches('#').trim().to_string();
            categories.push(SkillCategory { id: slugify(&name), name, items: Vec::new() });
            continue;
        }
        let Some(item) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) else {
            continue;
        };
        let (name, level) = split_level(item);
        let level = match level {
            None => None,
            Some(word) => match LEVELS.iter().find(|l| **l == word) {
                Some(level) => Some(*level),
                None => {
                    let column = line.find(&format!("({word})")).map_or(1, |c| c + 2);
                    problems.push(
                        Diagnostic::error(file, format!("'{word}' is not a skill level"))
                            .at(first_line + i, column)
                            .help("use one of: familiar, proficient, expert — for example: - Xero bookkeeping (proficient)"),
                    );
                    None
                }
            },
        };
        let skill = Skill { name: name.to_string(), level };
        match categories.last_mut() {
            Some(category) => category.items.push(skill),
            None => categories.push(SkillCategory { name: "Skills".into(), id: "skills".into(), items: vec![skill] }),
        }
    }
    (categories, problems)
}

/// `"Xero (proficient)"` → `("Xero", Some("proficient"))`. Only a single lower-case word in
/// the final parentheses counts as a level, so `"Google Ads (UK)"` stays a name.
fn split_level(item: &str) -> (&str, Option<&str>) {
    let item = item.trim();
    if let Some(open) = item.rfind('(')
        && item.ends_with(')')
    {
        let word = &item[open + 1..item.len() - 1];
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase()) {
            return (item[..open].trim_end(), Some(word));
        }
    }
    (item, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_items_and_levels() {
        let body = "Intro\n\n## Admin\n\n- Inbox triage (expert)\n- Google Ads (UK)\n- Filing (advanced)\n";
        let (categories, problems) = parse("content/skills.md", body, 5);
        assert_eq!(categories[0].name, "Admin");
        assert_eq!(categories[0].items[0].level, Some("expert"));
        assert_eq!(categories[0].items[1].name, "Google Ads (UK)");
        assert_eq!(
            problems[0].to_string(),
            "content/skills.md:11:11: error: 'advanced' is not a skill level\n  use one of: familiar, proficient, expert — for example: - Xero bookkeeping (proficient)"
        );
    }
}
