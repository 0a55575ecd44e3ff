//! Keys of the things findings are about. They identify an entity independently of where it
//! is written, so exemptions attach to it and baseline fingerprints survive edits elsewhere.

use crate::config::normalize_word;
use crate::model::{Action, Control, FollowedUpControl, Occasion, Risk};

pub const DOCUMENT: &str = "dokument";

pub fn risk(risk: &Risk) -> String {
    format!("risk:{}", risk.nr.value)
}

pub fn control(control: &Control) -> String {
    format!("kontroll:{}", control.id.value)
}

/// A followed-up control: by its plan id when it has one, otherwise by its texts (a follow-up
/// without a plan file names its controls by process and activity).
pub fn followed(fc: &FollowedUpControl, index: usize) -> String {
    if let Some(id) = &fc.control {
        return format!("uppföljning:{}", id.value);
    }
    let text = [&fc.process, &fc.control_activity, &fc.systematic_control]
        .iter()
        .filter_map(|f| f.as_ref().map(|s| normalize_word(&s.value)))
        .collect::<Vec<_>>()
        .join("|");
    if text.is_empty() {
        format!("uppföljning:#{index}")
    } else {
        format!("uppföljning:{text}")
    }
}

/// An occasion of a followed-up control: by its period or date, else by position.
pub fn occasion(fc: &FollowedUpControl, fc_index: usize, occ: &Occasion, index: usize) -> String {
    let which = occ
        .period
        .as_ref()
        .map(|p| normalize_word(&p.value))
        .or_else(|| occ.date.as_ref().map(|d| d.value.to_string()))
        .or_else(|| occ.end_date.as_ref().map(|d| d.value.to_string()))
        .unwrap_or_else(|| format!("#{index}"));
    format!("{}/tillfälle:{which}", followed(fc, fc_index))
}

/// An action of an occasion (`occasion_key` from [`occasion`]): by its text, else by position.
pub fn action(occasion_key: &str, action: &Action, index: usize) -> String {
    let which = action
        .text
        .as_ref()
        .map(|t| normalize_word(&t.value))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| format!("#{index}"));
    format!("{occasion_key}/åtgärd:{which}")
}
