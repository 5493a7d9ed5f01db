//! `faq.md`: each `##` heading is a question and the Markdown below it, up to the next `##`,
//! its answer. The answer is rendered like any other body, so links and lists work.

/// One question, with its answer still in Markdown.
#[derive(Debug, Clone)]
pub struct FaqSource {
    /// The question as written.
    pub question: String,
    /// Byte offset of the answer within the body.
    pub answer_start: usize,
    /// Byte offset where the answer ends.
    pub answer_end: usize,
}

/// Splits the body into questions (text before the first `##` is the page's introduction).
pub fn split(body: &str) -> (usize, Vec<FaqSource>) {
    let mut questions: Vec<FaqSource> = Vec::new();
    let mut intro_end = body.len();
    let mut pos = 0;
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && let Some(heading) = line.strip_prefix("## ") {
            if let Some(last) = questions.last_mut() {
                last.answer_end = pos;
            } else {
                intro_end = pos;
            }
            let question = heading.trim().trim_end_matches('#').trim().to_string();
            questions.push(FaqSource { question, answer_start: pos + line.len(), answer_end: body.len() });
        }
        pos += line.len();
    }
    (intro_end, questions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_and_answers() {
        let body = "Intro\n## How do I pay?\nBy card.\n\n## Do hours roll over?\nUp to five.\n";
        let (intro, questions) = split(body);
        assert_eq!(&body[..intro], "Intro\n");
        assert_eq!(questions[0].question, "How do I pay?");
        assert_eq!(&body[questions[0].answer_start..questions[0].answer_end], "By card.\n\n");
        assert_eq!(&body[questions[1].answer_start..questions[1].answer_end], "Up to five.\n");
    }
}
