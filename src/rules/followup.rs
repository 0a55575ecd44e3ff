//! Helpers shared by the follow-up rules (IKP1xx): how a followed-up control and an occasion
//! are named in messages, when two entries are the same control, and whether a text says
//! anything at all.

use crate::config::normalize_word;
use crate::finding::Text;
use crate::model::{FollowUp, FollowedUpControl, Occasion, Spanned};
use crate::text;

/// Longest text (in characters) quoted from a document in a message.
const QUOTE_CHARS: usize = 60;

/// Every occasion of a follow-up in document order, with the indices the entity keys use:
/// (control index, control, occasion index, occasion).
pub fn occasions(
    fu: &FollowUp,
) -> impl Iterator<
    Item = (
        usize,
        &Spanned<FollowedUpControl>,
        usize,
        &Spanned<Occasion>,
    ),
> {
    fu.controls.iter().enumerate().flat_map(|(i, fc)| {
        fc.occasions
            .iter()
            .enumerate()
            .map(move |(j, occ)| (i, fc, j, occ))
    })
}

/// How a followed-up control is named in a message: its plan id (`K1`), else its control
/// activity (or process, or systematic control) quoted and shortened, else its position (`#3`).
pub fn control_name(fc: &FollowedUpControl, index: usize) -> String {
    if let Some(id) = &fc.control {
        return id.value.to_string();
    }
    [&fc.control_activity, &fc.process, &fc.systematic_control]
        .into_iter()
        .flatten()
        .map(|t| collapse(&t.value))
        .find(|t| !t.is_empty())
        .map(|t| format!("«{}»", shorten(&t)))
        .unwrap_or_else(|| format!("#{}", index + 1))
}

/// How an occasion is named in a message, when it can be told apart: its period (`T1`), its
/// date, or its position when the control has several occasions.
pub fn occasion_name(fc: &FollowedUpControl, occ: &Occasion, index: usize) -> Option<String> {
    occ.period
        .as_ref()
        .map(|p| collapse(&p.value))
        .filter(|p| !p.is_empty())
        .or_else(|| occ.date.as_ref().map(|d| d.value.to_string()))
        .or_else(|| occ.end_date.as_ref().map(|d| d.value.to_string()))
        .or_else(|| (fc.occasions.len() > 1).then(|| format!("#{}", index + 1)))
        // "tillfället «tillfälle 1»" rather than "tillfället tillfälle 1".
        .map(|name| {
            if name.contains(' ') {
                format!("«{name}»")
            } else {
                name
            }
        })
}

/// "kontrollen K1" or "tillfället T1 för kontrollen K1": the subject of a sentence about an
/// occasion.
pub fn occasion_phrase(fc: &FollowedUpControl, i: usize, occ: &Occasion, j: usize) -> Text {
    let control = control_name(fc, i);
    match occasion_name(fc, occ, j) {
        Some(name) => text!(
            "tillfället {name} för kontrollen {control}",
            "occasion {name} of control {control}"
        ),
        None => text!("kontrollen {control}", "control {control}"),
    }
}

/// A field that tells two followed-up controls apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Process,
    WorkingMethod,
    SystematicControl,
    ControlActivity,
}

impl Field {
    pub fn text(self) -> Text {
        let (sv, en) = match self {
            Field::Id => ("beteckning", "id"),
            Field::Process => ("process", "process"),
            Field::WorkingMethod => ("arbetssätt", "working method"),
            Field::SystematicControl => ("systematisk kontroll", "systematic control"),
            Field::ControlActivity => ("kontrollaktivitet", "control activity"),
        };
        Text::new(sv, en)
    }
}

/// The first field that shows `a` and `b` to be different controls, or `None` when they may be
/// the same control. With ids on both, the ids decide. Otherwise a text field differs only
/// when both give it: a follow-up lists one control under several goals (seed 004), and a
/// transcription leaves out cells that the table merged, so a missing text is no evidence.
pub fn difference(a: &FollowedUpControl, b: &FollowedUpControl) -> Option<Field> {
    if let (Some(x), Some(y)) = (&a.control, &b.control) {
        return (normalize_word(&x.value.0) != normalize_word(&y.value.0)).then_some(Field::Id);
    }
    [
        (Field::Process, &a.process, &b.process),
        (Field::WorkingMethod, &a.working_method, &b.working_method),
        (
            Field::SystematicControl,
            &a.systematic_control,
            &b.systematic_control,
        ),
        (
            Field::ControlActivity,
            &a.control_activity,
            &b.control_activity,
        ),
    ]
    .into_iter()
    .find_map(|(field, x, y)| match (x, y) {
        (Some(x), Some(y)) if normalize_word(&x.value) != normalize_word(&y.value) => Some(field),
        _ => None,
    })
}

/// "1 kontroll", "3 kontroller": a number with the right form of its noun.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Does a text say anything: at least one letter or digit? (`""`, `"  "`, `"-"` do not.)
pub fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// White space collapsed to single spaces, ends trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most [`QUOTE_CHARS`] characters, with "…" when shortened.
pub fn shorten(text: &str) -> String {
    if text.chars().count() <= QUOTE_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(QUOTE_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_shortened_on_a_character_boundary() {
        let long = "å".repeat(100);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), QUOTE_CHARS);
        assert!(short.ends_with('…'));
        assert_eq!(shorten("kort"), "kort");
    }

    #[test]
    fn words_are_letters_or_digits() {
        assert!(!has_words("  \n - : "));
        assert!(has_words("Ja"));
        assert!(has_words("3"));
    }
}
