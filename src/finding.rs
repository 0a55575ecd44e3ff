//! Findings: what a rule (or the loader) says is wrong, where, and how to fix it.
//!
//! A finding carries its text in Swedish and English; the renderer picks one. Rules decide
//! *what* is wrong, renderers decide only *how it looks*.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::source::{FileId, Span};

/// How serious a finding is. Ordered so that `Error > Warning > Info`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn sv(self) -> &'static str {
        match self {
            Severity::Error => "fel",
            Severity::Warning => "varning",
            Severity::Info => "info",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Sv => self.sv(),
            Lang::En => self.en(),
        }
    }

    /// Accepts the Swedish and the English word.
    pub fn parse(word: &str) -> Option<Severity> {
        match word.trim().to_lowercase().as_str() {
            "fel" | "error" => Some(Severity::Error),
            "varning" | "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// The language of everything a user reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Lang {
    #[default]
    Sv,
    En,
}

/// A text in Swedish and English.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Text {
    pub sv: String,
    pub en: String,
}

impl Text {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            sv: sv.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En if self.en.is_empty() => &self.sv,
            Lang::En => &self.en,
        }
    }
}

/// `text!("svensk {x}", "english {x}")`: a bilingual, formatted [`Text`].
#[macro_export]
macro_rules! text {
    ($sv:expr, $en:expr $(,)?) => {
        $crate::finding::Text::new(format!($sv), format!($en))
    };
}

/// A place in a file with a short note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: Text,
}

impl Label {
    pub fn new(file: FileId, span: Span, message: Text) -> Self {
        Label {
            file,
            span,
            message,
        }
    }
}

/// What a finding is about, independent of where it is written: the basis of exemptions and
/// of baseline fingerprints (which must survive reformatting and reordering).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Subject {
    /// The entity's key: `dokument`, `risk:70`, `kontroll:K1`, `uppföljning:<key>`,
    /// `uppföljning:<key>/tillfälle:<period>` …
    pub entity: String,
    /// The offending content, normalised by the rule (for example the two scores and the RV),
    /// so that a changed value that still breaks the rule is a new finding.
    pub content: String,
}

impl Subject {
    pub fn new(entity: impl Into<String>, content: impl Into<String>) -> Self {
        Subject {
            entity: entity.into(),
            content: content.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule code, e.g. `IKP004`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: Text,
    pub primary: Label,
    /// Related places, possibly in other files.
    pub secondary: Vec<Label>,
    pub help: Option<Text>,
    pub subject: Subject,
}

impl Finding {
    pub fn new(rule: &'static str, severity: Severity, message: Text, primary: Label) -> Self {
        Finding {
            rule,
            severity,
            message,
            primary,
            secondary: Vec::new(),
            help: None,
            subject: Subject::default(),
        }
    }

    pub fn with_secondary(mut self, label: Label) -> Self {
        self.secondary.push(label);
        self
    }

    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }

    pub fn with_subject(mut self, subject: Subject) -> Self {
        self.subject = subject;
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.rule,
            self.severity.sv(),
            self.message.sv
        )
    }
}
