//! Configuration: `ikp.toml` (found by walking up from each checked file, or given with
//! `--config`) selects a profile and overrides any of its values, rule severities and limits.
//!
//! The lookup never leaves the repository: it stops at the folder that holds `.git`, or at an
//! ikp.toml with `rot = true`, so a file above the repository (in a home folder, on a shared
//! drive) cannot change how it is checked. Which rule codes exist is not known here (config
//! sits below the rules): the engine checks `[regler]` when it takes a configuration.

mod bounds;
mod error;
mod files;
mod profile;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use files::FileFilter;
pub use profile::{
    AreaSettings, BUILTIN_PROFILES, CommentSettings, ControlField, ControlSettings,
    DEFAULT_PROFILE, FollowUpSettings, IkpSettings, IrregularitySettings, PlanSettings, Profile,
    Scale, Section, StatusSettings, Zone, builtin as builtin_profile, normalize_word,
};

use crate::analysis::Lexicon;
use crate::finding::Severity;
use crate::tree::Limits;

/// The name of the configuration file.
pub const CONFIG_FILE_NAME: &str = "ikp.toml";

// `ikp.toml` as written. Every profile section may be given in part; what is given replaces
// the profile's value.
/// Inställningar för ikp i `ikp.toml`: vilken profil som gäller, regler och gränser. Varje
/// avsnitt kan anges delvis; det som anges ersätter profilens värde.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ikp.toml: konfiguration för ikp")]
pub struct ConfigFile {
    /// Profilen som gäller: `stockholm` eller `fyrgradig` (se `ikp profiles`).
    #[serde(default)]
    pub profil: Option<String>,
    /// `true`: den här mappen är roten; ikp letar inte efter ikp.toml i mappar ovanför.
    /// (Sökningen stannar också vid mappen som har `.git`.)
    #[serde(default)]
    pub rot: bool,
    /// Glob-mönster (relativa till den här filens mapp) för de filer som kontrolleras när en
    /// mapp gås igenom; utan `include` kontrolleras alla .yaml-, .yml- och .json-filer.
    #[serde(default)]
    pub include: Vec<String>,
    /// Glob-mönster för filer och mappar som inte kontrolleras när en mapp gås igenom
    /// (`arkiv`, `utkast/*.yaml`). En fil som anges på kommandoraden kontrolleras ändå.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Regelinställningar: `IKP009 = "av"`, `IKP013 = "varning"` (fel, varning, info, av).
    #[serde(default)]
    pub regler: BTreeMap<String, RuleSetting>,
    /// Gränser för inläsning (filstorlek, antal noder, djup, alias, textlängd).
    #[serde(default, rename = "gränser")]
    pub granser: Option<Limits>,
    /// Ersätter profilens skala.
    #[serde(default)]
    pub skala: Option<PartialTable>,
    /// Ersätter profilens IKP-tröskel.
    #[serde(default)]
    pub ikp: Option<PartialTable>,
    /// Ersätter profilens zoner.
    #[serde(default)]
    pub zoner: Option<Vec<Zone>>,
    /// Ersätter delar av profilens statusord.
    #[serde(default)]
    pub status: Option<PartialTable>,
    /// Ersätter profilens krav på kontroller.
    #[serde(default)]
    pub kontroll: Option<ControlSettings>,
    /// Ersätter profilens krav på delområden.
    #[serde(default, rename = "områden")]
    pub omraden: Option<AreaSettings>,
    /// Ersätter profilens ordlista för oegentligheter.
    #[serde(default)]
    pub oegentligheter: Option<IrregularitySettings>,
    /// Ersätter profilens krav på uppföljningar.
    #[serde(default, rename = "uppföljning")]
    pub uppfoljning: Option<PartialTable>,
    /// Ersätter profilens krav på planer.
    #[serde(default)]
    pub plan: Option<PartialTable>,
    /// Kommunens egna fraser för kommentarsanalysen (IKP102).
    #[serde(default)]
    pub kommentarer: Option<CommentSettings>,
    /// Kommunens egna kolumnrubriker i arbetsböcker (`kolumner = { "Vad kan hända" = "händelse" }`).
    #[serde(default)]
    pub excel: Option<PartialTable>,
}

/// A table whose keys are checked when it is merged into the profile.
pub type PartialTable = BTreeMap<String, serde_json::Value>;

/// En regels inställning i `ikp.toml`: en allvarlighetsgrad (fel, varning, info) eller av.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum RuleSetting {
    #[serde(rename = "fel", alias = "error")]
    Error,
    #[serde(rename = "varning", alias = "warning")]
    Warning,
    #[serde(rename = "info")]
    Info,
    #[serde(rename = "av", alias = "off")]
    Off,
}

impl RuleSetting {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleSetting::Error => Some(Severity::Error),
            RuleSetting::Warning => Some(Severity::Warning),
            RuleSetting::Info => Some(Severity::Info),
            RuleSetting::Off => None,
        }
    }
}

/// The effective configuration for one checked file.
#[derive(Debug, Clone)]
pub struct Config {
    pub profile: Profile,
    /// The comment analyser's lexicon: the built-in Swedish one plus the profile's phrases.
    pub lexicon: Arc<Lexicon>,
    pub rules: BTreeMap<String, RuleSetting>,
    pub limits: Limits,
    /// The `ikp.toml` it came from, if any.
    pub source: Option<PathBuf>,
    /// `include`/`exclude`: which files of a directory walk are checked.
    pub files: FileFilter,
    /// `rot = true`: the lookup stops here.
    pub root: bool,
}

impl Config {
    /// The built-in default: the default profile, no overrides.
    pub fn builtin_default() -> Result<Config, ConfigError> {
        Config::resolve(ConfigFile::default(), None, "")
    }

    /// Read and resolve an `ikp.toml`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_path_buf()),
            message: format!("kan inte läsa filen: {e}"),
        })?;
        let file: ConfigFile =
            toml::from_str(&text).map_err(|e| error::from_toml(Some(path), &text, &e, None))?;
        Config::resolve(file, Some(path.to_path_buf()), &text)
    }

    pub(crate) fn resolve(
        file: ConfigFile,
        source: Option<PathBuf>,
        text: &str,
    ) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: source.clone(),
            message,
        };
        let name = file.profil.as_deref().unwrap_or(DEFAULT_PROFILE);
        let Some(profile_text) = profile::builtin(name) else {
            return Err(error::unknown_profile(source.as_deref(), text, name));
        };
        let mut table: toml::Table = toml::from_str(profile_text)
            .map_err(|e| err(format!("den inbyggda profilen «{name}» är trasig: {e}")))?;
        // Overrides are merged at table level, so a section can be given in part.
        if !text.is_empty() {
            let mut overrides: toml::Table = toml::from_str(text)
                .map_err(|e| error::from_toml(source.as_deref(), text, &e, None))?;
            for key in ["profil", "regler", "gränser", "rot", "include", "exclude"] {
                overrides.remove(key);
            }
            merge(&mut table, overrides);
        }
        let profile: Profile = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| error::from_toml(source.as_deref(), text, &e, None))?;
        let limits = file.granser.unwrap_or_default();
        bounds::check(&profile, &limits).map_err(err)?;
        let base = source
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."));
        let files = FileFilter::new(base, &file.include, &file.exclude).map_err(err)?;
        let lexicon = comment_lexicon(&profile.comments).map_err(|e| {
            err(format!(
                "[kommentarer] kan inte läggas till kommentarsanalysen: {e}"
            ))
        })?;
        Ok(Config {
            lexicon,
            profile,
            rules: file.regler,
            limits,
            source,
            files,
            root: file.rot,
        })
    }

    /// The severity a rule reports at, or `None` when it is turned off.
    pub fn severity_of(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(code) {
            Some(setting) => setting.severity(),
            None => Some(default),
        }
    }
}

/// The built-in lexicon, compiled once per run.
fn swedish_lexicon() -> Arc<Lexicon> {
    static SWEDISH: std::sync::OnceLock<Arc<Lexicon>> = std::sync::OnceLock::new();
    SWEDISH.get_or_init(|| Arc::new(Lexicon::swedish())).clone()
}

/// The built-in lexicon extended with a municipality's own phrases (`[kommentarer]`), which use
/// the lexicon's pattern syntax (`@dev`, `..`, …; see rules/lexicon/sv.toml).
fn comment_lexicon(extra: &CommentSettings) -> Result<Arc<Lexicon>, crate::analysis::LexiconError> {
    let groups = [
        ("not-performed", &extra.not_performed),
        ("deviation", &extra.deviation),
        ("no-deviation", &extra.no_deviation),
    ];
    if groups.iter().all(|(_, phrases)| phrases.is_empty()) {
        return Ok(swedish_lexicon());
    }
    let mut toml_text = String::new();
    for (claim, phrases) in groups {
        if phrases.is_empty() {
            continue;
        }
        let list: Vec<String> = phrases
            .iter()
            .map(|p| toml::Value::String(p.clone()).to_string())
            .collect();
        toml_text.push_str(&format!(
            "[[rule]]\nclaim = \"{claim}\"\npatterns = [{}]\n",
            list.join(", ")
        ));
    }
    let mut lexicon = (*swedish_lexicon()).clone();
    lexicon.extend_from_toml(&toml_text)?;
    Ok(Arc::new(lexicon))
}

fn merge(base: &mut toml::Table, overrides: toml::Table) {
    for (key, value) in overrides {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// A configuration that cannot be used; the run stops with exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", p.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Checks a configuration against what only a caller above this module knows (the rule codes
/// of `[regler]`); the message is Swedish.
pub type Validator = fn(&Config) -> Result<(), String>;

/// Finds the `ikp.toml` that governs each file, reading each one once.
pub struct ConfigResolver {
    forced: Option<Arc<Config>>,
    by_dir: HashMap<PathBuf, Result<Arc<Config>, ConfigError>>,
    /// By absolute path: a file reached from `a/` and from `/abs/a/b/` is one configuration.
    by_file: HashMap<PathBuf, Result<Arc<Config>, ConfigError>>,
    default: Arc<Config>,
    validate: Validator,
}

impl ConfigResolver {
    /// `forced` is the `--config` file: when given it governs every file. `validate` is run on
    /// every configuration read.
    pub fn new(forced: Option<&Path>, validate: Validator) -> Result<ConfigResolver, ConfigError> {
        let forced = forced
            .map(|path| Self::checked(Config::load(path), validate))
            .transpose()?
            .map(Arc::new);
        Ok(ConfigResolver {
            forced,
            by_dir: HashMap::new(),
            by_file: HashMap::new(),
            default: Arc::new(Config::builtin_default()?),
            validate,
        })
    }

    fn checked(
        config: Result<Config, ConfigError>,
        validate: Validator,
    ) -> Result<Config, ConfigError> {
        let config = config?;
        validate(&config).map_err(|message| ConfigError {
            path: config.source.clone(),
            message,
        })?;
        Ok(config)
    }

    /// The configuration for a file: the nearest `ikp.toml` in its directory or above, up to
    /// the repository root (the folder with `.git`); without one, the built-in default.
    pub fn for_file(&mut self, file: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(forced) = &self.forced {
            return Ok(forced.clone());
        }
        let dir = file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        self.for_dir(&dir)
    }

    fn for_dir(&mut self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let candidate = dir.join(CONFIG_FILE_NAME);
        let result = if candidate.is_file() {
            // Found: it governs, `rot = true` or not (files are not merged).
            let key = files::absolute(&candidate);
            let validate = self.validate;
            self.by_file
                .entry(key)
                .or_insert_with(|| Self::checked(Config::load(&candidate), validate).map(Arc::new))
                .clone()
        } else if is_repository_root(dir) {
            Ok(self.default.clone())
        } else {
            let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
            match absolute.parent() {
                Some(parent) if parent != absolute => self.for_dir(parent),
                _ => Ok(self.default.clone()),
            }
        };
        self.by_dir.insert(dir.to_path_buf(), result.clone());
        result
    }
}

/// The folder of a git repository (`.git` is a folder, or a file in a worktree or submodule).
fn is_repository_root(dir: &Path) -> bool {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    dir.join(".git").exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_load() {
        for (name, _) in BUILTIN_PROFILES {
            let file = ConfigFile {
                profil: Some((*name).to_string()),
                ..ConfigFile::default()
            };
            let config = Config::resolve(file, None, "").unwrap();
            assert_eq!(config.profile.name, *name);
            assert!(!config.profile.status.words.is_empty());
        }
    }

    #[test]
    fn overrides_replace_single_values() {
        let text = "profil = \"stockholm\"\n[ikp]\n\"tröskel\" = 12\n[regler]\nIKP004 = \"av\"\n";
        let file: ConfigFile = toml::from_str(text).unwrap();
        let config = Config::resolve(file, None, text).unwrap();
        assert_eq!(config.profile.ikp.threshold, 12);
        assert_eq!(config.profile.scale.likelihood.len(), 5);
        assert_eq!(config.severity_of("IKP004", Severity::Error), None);
    }

    #[test]
    fn misspelt_keys_are_errors() {
        let text = "profil = \"stockholm\"\n[ikp]\n\"tröskle\" = 12\n";
        let file: ConfigFile = toml::from_str(text).unwrap();
        let err = Config::resolve(file, None, text).unwrap_err();
        assert!(err.message.contains("tröskle"), "{}", err.message);
    }

    #[test]
    fn status_words_match_case_insensitively() {
        let config = Config::builtin_default().unwrap();
        assert_eq!(
            config.profile.outcome_of("  inga  Avvikelser "),
            Some(crate::outcome::Outcome::NoDeviation)
        );
    }
}
