//! Which control of the plan a followed-up control follows up (IKP105, IKP106).
//!
//! By the plan id when the follow-up gives one (`kontroll: K1`). Without an id, by text: the
//! same control activity (or, without one, the same systematic control), and the same process
//! when both name one. Texts are compared case-insensitively, with white space collapsed and
//! trailing punctuation ignored, because transcriptions differ in exactly those ways.

use std::collections::{HashMap, HashSet};

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

/// Which text of a control is compared when it has no id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TextKind {
    Activity,
    Systematic,
}

/// What a followed-up control asks the plan for.
enum Query {
    Id(String),
    Text {
        kind: TextKind,
        text: String,
        process: Option<String>,
    },
}

fn query(fc: &FollowedUpControl) -> Result<Query, NoMatch> {
    if let Some(id) = &fc.control {
        return Ok(Query::Id(normalize_word(&id.value.0)));
    }
    let (kind, text) = match (&fc.control_activity, &fc.systematic_control) {
        (Some(a), _) => (TextKind::Activity, a),
        (None, Some(s)) => (TextKind::Systematic, s),
        (None, None) => return Err(NoMatch::NothingToCompare),
    };
    Ok(Query::Text {
        kind,
        text: comparable(&text.value),
        process: fc.process.as_ref().map(|p| comparable(&p.value)),
    })
}

fn text_of(c: &Control, kind: TextKind) -> Option<&Spanned<String>> {
    match kind {
        TextKind::Activity => c.control_activity.as_ref(),
        TextKind::Systematic => c.systematic_control.as_ref(),
    }
}

/// The plan controls that share one text: whether one of them names no process, and the
/// processes the others name.
#[derive(Default)]
struct TextGroup {
    without_process: bool,
    processes: HashSet<String>,
}

/// The plan's controls indexed by id and by text, so that matching every entry of a
/// follow-up against every control of the plan takes linear time (a plan and a follow-up of
/// 20,000 controls each once took minutes).
pub struct PlanIndex {
    ids: HashSet<String>,
    texts: HashMap<(TextKind, String), TextGroup>,
    /// Per control: its normalised id, and its texts and process as compared.
    controls: Vec<ControlKeys>,
}

struct ControlKeys {
    id: String,
    texts: [(TextKind, Option<String>); 2],
    process: Option<String>,
}

impl PlanIndex {
    pub fn new(plan: &Plan) -> Self {
        let mut index = PlanIndex {
            ids: HashSet::new(),
            texts: HashMap::new(),
            controls: Vec::with_capacity(plan.controls.len()),
        };
        for c in &plan.controls {
            let keys = ControlKeys {
                id: normalize_word(&c.id.value.0),
                texts: [TextKind::Activity, TextKind::Systematic]
                    .map(|kind| (kind, text_of(c, kind).map(|t| comparable(&t.value)))),
                process: c.process.as_ref().map(|p| comparable(&p.value)),
            };
            index.ids.insert(keys.id.clone());
            for (kind, text) in &keys.texts {
                let Some(text) = text else { continue };
                let group = index.texts.entry((*kind, text.clone())).or_default();
                match &keys.process {
                    Some(p) => {
                        group.processes.insert(p.clone());
                    }
                    None => group.without_process = true,
                }
            }
            index.controls.push(keys);
        }
        index
    }

    /// Does `fc` follow up some control of the plan, and if not, why not?
    pub fn find(&self, fc: &FollowedUpControl) -> Result<(), NoMatch> {
        match query(fc)? {
            Query::Id(id) if self.ids.contains(&id) => Ok(()),
            Query::Id(_) => Err(NoMatch::UnknownId),
            Query::Text {
                kind,
                text,
                process,
            } => {
                let found = self
                    .texts
                    .get(&(kind, text))
                    .is_some_and(|g| match &process {
                        None => g.without_process || !g.processes.is_empty(),
                        Some(p) => g.without_process || g.processes.contains(p),
                    });
                if found {
                    Ok(())
                } else {
                    Err(NoMatch::NoSuchText)
                }
            }
        }
    }

    /// Per plan control: does some entry of `entries` follow it up?
    pub fn followed<'a>(
        &self,
        entries: impl IntoIterator<Item = &'a FollowedUpControl>,
    ) -> Vec<bool> {
        let mut ids = HashSet::new();
        // (kind, text, process) asked for, and (kind, text) asked for with any process.
        let mut exact: HashSet<(TextKind, String, Option<String>)> = HashSet::new();
        let mut any: HashSet<(TextKind, String)> = HashSet::new();
        for fc in entries {
            match query(fc) {
                Ok(Query::Id(id)) => {
                    ids.insert(id);
                }
                Ok(Query::Text {
                    kind,
                    text,
                    process,
                }) => {
                    any.insert((kind, text.clone()));
                    exact.insert((kind, text, process));
                }
                Err(_) => {}
            }
        }
        self.controls
            .iter()
            .map(|c| {
                ids.contains(&c.id)
                    || c.texts.iter().any(|(kind, text)| {
                        let Some(text) = text else { return false };
                        // An entry without a process matches any process; an entry with one
                        // matches the same process, or a control that names none.
                        exact.contains(&(*kind, text.clone(), None))
                            || match &c.process {
                                Some(p) => exact.contains(&(*kind, text.clone(), Some(p.clone()))),
                                None => any.contains(&(*kind, text.clone())),
                            }
                    })
            })
            .collect()
    }
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
