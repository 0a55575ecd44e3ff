//! The canonical outcome of a follow-up occasion. Each municipality has its own status words
//! ("Inga avvikelser", "Ingen avvikelse", "grön" …); the profile maps each word to one of these.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Outcome {
    /// Kontrollen genomförd utan avvikelse.
    #[serde(rename = "ingen-avvikelse")]
    NoDeviation,
    /// Mindre avvikelse.
    #[serde(rename = "mindre-avvikelse")]
    MinorDeviation,
    /// Större (allvarlig) avvikelse.
    #[serde(rename = "större-avvikelse")]
    MajorDeviation,
    /// Kontrollen har inte genomförts.
    #[serde(rename = "ej-genomförd")]
    NotPerformed,
    /// Kontrollen är påbörjad men inte slutförd.
    #[serde(rename = "påbörjad")]
    InProgress,
}

impl Outcome {
    pub fn is_deviation(self) -> bool {
        matches!(self, Outcome::MinorDeviation | Outcome::MajorDeviation)
    }

    pub fn sv(self) -> &'static str {
        match self {
            Outcome::NoDeviation => "ingen avvikelse",
            Outcome::MinorDeviation => "mindre avvikelse",
            Outcome::MajorDeviation => "större avvikelse",
            Outcome::NotPerformed => "ej genomförd",
            Outcome::InProgress => "påbörjad",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Outcome::NoDeviation => "no deviation",
            Outcome::MinorDeviation => "minor deviation",
            Outcome::MajorDeviation => "major deviation",
            Outcome::NotPerformed => "not performed",
            Outcome::InProgress => "in progress",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sv())
    }
}
