//! Headings inside follow-up comments. Stockholm's reporting system writes a comment as
//! "Beskrivning av resultat: … Vidtagna åtgärder: …"; the text under the first heading
//! describes the result, the text under the second describes actions. A comment whose result
//! part is empty describes nothing, even when its action part is filled in (seed 004).
//!
//! The headings are the profile's (`uppföljning.beskrivningsrubriker`,
//! `uppföljning.åtgärdsrubriker`); lines that are not one of them are ordinary text.

use crate::config::normalize_word;

/// A comment split by the profile's headings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    /// The text that describes the result: before any heading and under description
    /// headings, without the headings themselves and without the text under action headings.
    pub result: String,
    /// The first description heading in the comment, as the profile writes it.
    pub description_heading: Option<String>,
    /// The first action heading in the comment, as the profile writes it.
    pub action_heading: Option<String>,
}

/// Split `comment` by the profile's description and action headings.
pub fn split(comment: &str, description_headings: &[String], action_headings: &[String]) -> Parts {
    let description: Vec<(String, &String)> = description_headings
        .iter()
        .map(|h| (normalize_word(h), h))
        .collect();
    let action: Vec<(String, &String)> = action_headings
        .iter()
        .map(|h| (normalize_word(h), h))
        .collect();
    let mut parts = Parts::default();
    let mut in_action = false;
    let mut result = Vec::new();
    for line in comment.lines() {
        let line = normalize_word(line);
        if let Some((heading, rest)) = after_heading(&line, &description) {
            in_action = false;
            parts
                .description_heading
                .get_or_insert_with(|| heading.clone());
            result.push(rest.to_string());
        } else if let Some((heading, _)) = after_heading(&line, &action) {
            // The text on the heading line itself is action text too.
            in_action = true;
            parts.action_heading.get_or_insert_with(|| heading.clone());
        } else if !in_action {
            result.push(line);
        }
    }
    parts.result = result.join("\n");
    parts
}

/// When `line` (normalised) starts with one of `headings` followed by a colon or nothing: that
/// heading as written in the profile, and the text after it on the same line.
fn after_heading<'a, 'h>(
    line: &'a str,
    headings: &[(String, &'h String)],
) -> Option<(&'h String, &'a str)> {
    headings.iter().find_map(|(normalised, written)| {
        let rest = line.strip_prefix(normalised.as_str())?;
        if rest.is_empty() {
            Some((*written, ""))
        } else {
            rest.strip_prefix(':').map(|r| (*written, r.trim()))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings() -> (Vec<String>, Vec<String>) {
        (
            vec!["Beskrivning av resultat".to_string()],
            vec!["Vidtagna åtgärder".to_string()],
        )
    }

    #[test]
    fn text_under_the_action_heading_is_not_a_description() {
        let (d, a) = headings();
        let comment = "Beskrivning av resultat:\n\nVidtagna åtgärder:\n\nInformationsträffar har genomförts.\n";
        let parts = split(comment, &d, &a);
        assert_eq!(parts.result.trim(), "");
        assert_eq!(
            parts.description_heading.as_deref(),
            Some("Beskrivning av resultat")
        );
        assert_eq!(parts.action_heading.as_deref(), Some("Vidtagna åtgärder"));
    }

    #[test]
    fn text_on_the_heading_line_counts() {
        let (d, a) = headings();
        let comment = "Beskrivning av resultat: Behörigheter kontrolleras återkommande.\n";
        assert_eq!(
            split(comment, &d, &a).result,
            "behörigheter kontrolleras återkommande."
        );
    }

    #[test]
    fn text_without_headings_is_all_description() {
        let (d, a) = headings();
        assert_eq!(
            split("Gamla ärenden:\n23 st ärenden", &d, &a).result,
            "gamla ärenden:\n23 st ärenden"
        );
    }

    #[test]
    fn a_heading_must_end_at_a_colon_or_the_line_end() {
        let (d, a) = headings();
        // "Vidtagna åtgärderna …" is a sentence, not the heading.
        let comment = "Vidtagna åtgärderna har gett effekt.";
        assert_eq!(
            split(comment, &d, &a).result,
            "vidtagna åtgärderna har gett effekt."
        );
    }
}
