//! A blog post (`content/blog/`): its own fields, and the checks that keep a blog sound — every
//! post has a day, and tags stay within the bounds that keep the output in proportion.

use schemars::JsonSchema;
use serde::Deserialize;

use super::slug::slugify;
use crate::date::Date;
use crate::error::Diagnostic;
use crate::toml_error::TomlSource;

/// Tags one post may have: each tag is a page and a feed, and every page of a tag lists its
/// posts' tags, so the output grows with posts × tags (see docs/limits.md).
pub const MAX_TAGS_PER_POST: usize = 25;
/// Tags a whole site may have.
pub const MAX_TAGS: usize = 1000;

/// The fields of a blog post, besides the page's own and its cover.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostFields {
    /// The publication date; posts are listed newest first.
    #[schemars(example = "2024-05-18", required)]
    pub date: Option<Date>,
    /// When you last changed the post meaningfully: shown on the post and told to search engines.
    #[schemars(example = "2024-06-01")]
    pub updated: Option<Date>,
    /// Topics, each with a page listing its posts: reuse the same few (at most 25 a post).
    #[serde(default)]
    #[schemars(example = ["inbox", "working with a VA"])]
    pub tags: Vec<String>,
    /// A short teaser for the blog list and the feed, instead of the text before <!-- more -->.
    #[schemars(example = "Three filters that clear half an inbox before breakfast.")]
    pub summary: Option<String>,
}

/// Checks a post's own fields.
pub fn validate(post: &PostFields, source: &TomlSource) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if post.date.is_none() {
        problems.push(
            Diagnostic::error(source.file, "this blog post has no date")
                .at(1, 1)
                .help("add the day it was published to the front matter, for example: date = 2024-05-18"),
        );
    }
    if post.tags.len() > MAX_TAGS_PER_POST {
        problems.push(
            source
                .error_at_key(
                    "tags",
                    format!("this post has {} tags; a post may have at most {MAX_TAGS_PER_POST}", post.tags.len()),
                )
                .help("keep the few topics that describe it best: each tag makes a page and a feed of its own"),
        );
    }
    for tag in &post.tags {
        if let Err(problem) = crate::context::file_name(&slugify(tag)) {
            problems.push(
                source
                    .error_at_key(
                        "tags",
                        format!("the tag '{tag}' cannot be the folder of its page: its name {}", problem.reason()),
                    )
                    .help("use a shorter tag of a few words"),
            );
        }
    }
    problems
}
