//! Which control of the plan a followed-up control follows up (IKP105, IKP106).
//!
//! By the plan id when the follow-up gives one (`kontroll: K1`). Without an id, by text: the
//! same control activity (or, without one, the same systematic control), and the same process
//! when both name one. Texts are compared case-insensitively, with white space collapsed and
//! trailing punctuation ignored, because transcriptions differ in exactly those ways.

use crate::config::normalize_word;
use crate::model::{Control, FollowedUpControl, Plan, Spanned};

/// Why a followed-up control matches no control of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoMatch {
    /// It names an id (`kontroll: K9`) that the plan does not hold.
    UnknownId,
    /// It has no id, and no control of the plan has its texts.
    NoSuchText,
    /// It has neither an id nor a control activity or systematic control to compare.
    NothingToCompare,
}

/// Which text of a plan control to compare with.
type TextOf = fn(&Control) -> Option<&Spanned<String>>;

/// The indices of the plan controls that `fc` follows up (usually one).
pub fn plan_controls(plan: &Plan, fc: &FollowedUpControl) -> Result<Vec<usize>, NoMatch> {
    let found: Vec<usize> = if let Some(id) = &fc.control {
        let wanted = normalize_word(&id.value.0);
        let hits = indices(&plan.controls, |c| normalize_word(&c.id.value.0) == wanted);
        if hits.is_empty() {
            return Err(NoMatch::UnknownId);
        }
        hits
    } else {
        let (fc_text, text_of): (_, TextOf) = match (&fc.control_activity, &fc.systematic_control) {
            (Some(a), _) => (a, |c| c.control_activity.as_ref()),
            (None, Some(s)) => (s, |c| c.systematic_control.as_ref()),
            (None, None) => return Err(NoMatch::NothingToCompare),
        };
        let wanted = comparable(&fc_text.value);
        let hits = indices(&plan.controls, |c| {
            text_of(c).is_some_and(|t| comparable(&t.value) == wanted)
                && match (&fc.process, &c.process) {
                    (Some(a), Some(b)) => comparable(&a.value) == comparable(&b.value),
                    _ => true,
                }
        });
        if hits.is_empty() {
            return Err(NoMatch::NoSuchText);
        }
        hits
    };
    Ok(found)
}

fn indices(controls: &[Spanned<Control>], keep: impl Fn(&Control) -> bool) -> Vec<usize> {
    controls
        .iter()
        .enumerate()
        .filter(|(_, c)| keep(&c.value))
        .map(|(i, _)| i)
        .collect()
}

/// Lowercase, white space collapsed, trailing punctuation removed.
fn comparable(text: &str) -> String {
    normalize_word(text)
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::comparable;

    #[test]
    fn trailing_punctuation_and_case_do_not_matter() {
        assert_eq!(
            comparable("Handläggning av barn och ungdomsärenden. "),
            comparable("handläggning av  barn och ungdomsärenden")
        );
    }
}
