//! The command line in the user's language. clap's templates, headings and errors are English;
//! the command is built first, so the language is read from argv (`--lang en`) or `IKP_LANG`
//! before parsing, and the built `Command` is then rewritten: Swedish headings, usage lines,
//! value names, "[standard: …]" and "[möjliga värden: …]", our own `--help`/`--version`, and
//! English texts for the subcommands and arguments when English is asked for. Parse errors are
//! rendered by [`render_error`] from clap's error kind and context, never from its English text.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::finding::Lang;

/// The language asked for on the command line (`--lang en`, `--lang=en`), else in `IKP_LANG`,
/// else Swedish.
pub fn from_args(args: &[OsString]) -> Lang {
    let mut iter = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => iter.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(value) = value.and_then(parse_lang) {
            return value;
        }
    }
    std::env::var("IKP_LANG")
        .ok()
        .as_deref()
        .and_then(parse_lang)
        .unwrap_or(Lang::Sv)
}

fn parse_lang(value: &str) -> Option<Lang> {
    match value.trim().to_ascii_lowercase().as_str() {
        "sv" | "sv_se" | "sv-se" => Some(Lang::Sv),
        v if v == "en" || v.starts_with("en_") || v.starts_with("en-") => Some(Lang::En),
        v if v.starts_with("sv_") || v.starts_with("sv-") => Some(Lang::Sv),
        _ => None,
    }
}

/// The command rewritten for `lang`.
pub fn localise(cmd: Command, lang: Lang) -> Command {
    let mut path = Vec::new();
    localise_one(cmd, lang, &mut path)
}

fn localise_one(mut cmd: Command, lang: Lang, path: &mut Vec<String>) -> Command {
    path.push(cmd.get_name().to_string());
    let key = path[1..].join(" ");
    match lang {
        Lang::En => {
            if let Some(about) = english_about(&key) {
                cmd = cmd.about(about);
            }
        }
        // The derive's top-level about is bilingual (it is also the crate's description).
        Lang::Sv if key.is_empty() => {
            cmd = cmd
                .about("Granskar kommunala internkontrollplaner, riskanalyser och uppföljningar.");
        }
        Lang::Sv => {}
    }
    // Every `--lang` defaults to the language the user chose (IKP_LANG counts too).
    if cmd.get_arguments().any(|a| a.get_id() == "lang") {
        cmd = cmd.mut_arg("lang", |a| {
            a.default_value(match lang {
                Lang::Sv => "sv",
                Lang::En => "en",
            })
        });
    }
    let is_root = path.len() == 1;
    cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(match lang {
                    Lang::Sv => "Skriv ut hjälp",
                    Lang::En => "Print help",
                }),
        );
    if is_root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(match lang {
                    Lang::Sv => "Skriv ut versionen",
                    Lang::En => "Print version",
                }),
        );
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id.as_str(), |a| localise_arg(a, lang));
    }
    if lang == Lang::Sv {
        let usage = usage_line(&cmd, path);
        cmd = cmd
            .override_usage(usage)
            .subcommand_help_heading("Kommandon")
            .subcommand_value_name("KOMMANDO")
            .help_template("{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}");
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sub| localise_one(sub, lang, path));
    }
    path.pop();
    cmd
}

fn localise_arg(mut arg: Arg, lang: Lang) -> Arg {
    let id = arg.get_id().to_string();
    let sv = lang == Lang::Sv;
    if !sv && let Some(help) = english_help(&id) {
        arg = arg.help(help);
    }
    if sv && let Some(name) = swedish_value_name(&id) {
        arg = arg.value_name(name);
    }
    let mut help = arg
        .get_help()
        .map(|h| h.to_string())
        .unwrap_or_default()
        .trim_end()
        .to_string();
    // The values' own descriptions (doc comments on the enums) are Swedish and clap's
    // headings for them English: the names alone, in the user's words, say enough.
    let takes_value = matches!(arg.get_action(), ArgAction::Set | ArgAction::Append);
    if takes_value && !arg.is_hide_possible_values_set() {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            let word = if sv {
                "möjliga värden"
            } else {
                "possible values"
            };
            help.push_str(&format!(" [{word}: {}]", values.join(", ")));
        }
    }
    if takes_value && !arg.is_hide_default_value_set() {
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            let word = if sv { "standard" } else { "default" };
            help.push_str(&format!(" [{word}: {}]", defaults.join(", ")));
        }
    }
    arg = arg.help(help.trim_start().to_string());
    if takes_value {
        arg = arg.hide_possible_values(true).hide_default_value(true);
    }
    if sv {
        let heading = if arg.is_positional() {
            "Argument"
        } else {
            "Flaggor"
        };
        arg = arg.help_heading(heading);
    }
    arg
}

/// "ikp check [FLAGGOR] [SÖKVÄG]..." from the command's own arguments.
fn usage_line(cmd: &Command, path: &[String]) -> String {
    let mut line = path.join(" ");
    if cmd
        .get_arguments()
        .any(|a| !a.is_positional() && !a.is_hide_set())
    {
        line.push_str(" [FLAGGOR]");
    }
    for arg in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let name = arg
            .get_value_names()
            .and_then(|n| n.first())
            .map(|n| n.to_string())
            .unwrap_or_else(|| arg.get_id().to_string().to_uppercase());
        let many = matches!(arg.get_action(), ArgAction::Append)
            || arg.get_num_args().is_some_and(|n| n.max_values() > 1);
        let dots = if many { "..." } else { "" };
        if arg.is_required_set() {
            line.push_str(&format!(" <{name}>{dots}"));
        } else {
            line.push_str(&format!(" [{name}]{dots}"));
        }
    }
    if cmd.has_subcommands() {
        line.push_str(" <KOMMANDO>");
    }
    line
}

fn swedish_value_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "paths" => "SÖKVÄG",
        "kind" => "TYP",
        "code" => "KOD",
        "name" => "NAMN",
        "format" => "FORMAT",
        "lang" => "SPRÅK",
        "color" => "FÄRG",
        "config" | "output" | "baseline" | "plan" => "FIL",
        "fail_on" => "NIVÅ",
        "profil" => "PROFIL",
        _ => return None,
    })
}

fn english_about(command: &str) -> Option<&'static str> {
    Some(match command {
        "" => "Checks Swedish municipal internal-control plans, risk registers and follow-ups.",
        "check" => "Check files and directories (default: the current directory).",
        "schema" => {
            "Print the JSON schema of a document kind: plan, uppföljning, ks-punkter or config."
        }
        "rules" => "List all rules.",
        "explain" => "Explain a rule: what it checks, why, basis, example and fix.",
        "report" => "Write an audit report for auditors: HTML (default), Markdown or CSV.",
        "profiles" => "List the built-in profiles, or print one of them.",
        "ny" => "Start a new document from a template: plan, uppföljning or ks-punkter.",
        "baseline" => "Baselines: save today's findings so that only new findings fail the build.",
        "baseline create" => "Create a baseline of today's findings.",
        "baseline prune" => "Remove baseline entries that no longer occur (fixed findings).",
        _ => return None,
    })
}

fn english_help(id: &str) -> Option<&'static str> {
    Some(match id {
        "paths" => "Files and directories to check.",
        "format" => "Output format.",
        "lang" => "Language of messages.",
        "quiet" => "Show only the findings and the summary.",
        "color" => "Colour in the terminal.",
        "config" => "Use this ikp.toml for every file instead of the nearest one.",
        "fail_on" => "Lowest severity that gives exit code 1.",
        "show_exemptions" => "Also list the exempted findings and their justification.",
        "output" => "Write to this file (atomically).",
        "baseline" => "Report only findings not in this baseline (see `ikp baseline create`).",
        "kind" => "Document kind.",
        "code" => "Rule code, for example IKP002.",
        "name" => "The profile's name; without a name all are listed.",
        "profil" => "The profile whose scale and periods the template uses.",
        "plan" => "The plan to follow up: every control of it is listed with empty occasions.",
        _ => return None,
    })
}

/// A parse error in the user's language. Help and version "errors" are printed by clap itself
/// (their text comes from the localised command).
pub fn render_error(e: &clap::Error, lang: Lang) -> String {
    let get = |kind: ContextKind| e.get(kind).map(value_text);
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let sv = lang == Lang::Sv;
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => {
            if sv {
                format!("oväntat argument «{arg}»")
            } else {
                format!("unexpected argument «{arg}»")
            }
        }
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            if sv {
                format!("okänt kommando «{sub}»")
            } else {
                format!("unrecognized subcommand «{sub}»")
            }
        }
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let mut t = if value.is_empty() {
                if sv {
                    format!("ett värde krävs för «{arg}» men inget gavs")
                } else {
                    format!("a value is required for «{arg}» but none was supplied")
                }
            } else if sv {
                format!("ogiltigt värde «{value}» för «{arg}»")
            } else {
                format!("invalid value «{value}» for «{arg}»")
            };
            if let Some(valid) = valid {
                t.push_str(&if sv {
                    format!("\n  möjliga värden: {valid}")
                } else {
                    format!("\n  possible values: {valid}")
                });
            }
            t
        }
        ErrorKind::MissingRequiredArgument => {
            if sv {
                format!("följande argument krävs men saknas: {arg}")
            } else {
                format!("the following required arguments were not provided: {arg}")
            }
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            if sv {
                "ett kommando krävs".to_string()
            } else {
                "a subcommand is required".to_string()
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg).unwrap_or_default();
            if sv {
                format!("«{arg}» kan inte användas tillsammans med «{prior}»")
            } else {
                format!("«{arg}» cannot be used with «{prior}»")
            }
        }
        ErrorKind::TooManyValues => {
            if sv {
                format!("oväntat värde «{value}» för «{arg}»")
            } else {
                format!("unexpected value «{value}» for «{arg}»")
            }
        }
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            if sv {
                format!("fel antal värden för «{arg}»")
            } else {
                format!("wrong number of values for «{arg}»")
            }
        }
        ErrorKind::NoEquals => {
            if sv {
                format!("«{arg}» kräver ett likhetstecken före värdet")
            } else {
                format!("«{arg}» requires an equals sign before its value")
            }
        }
        ErrorKind::InvalidUtf8 => {
            if sv {
                "ett argument är inte giltig UTF-8".to_string()
            } else {
                "an argument is not valid UTF-8".to_string()
            }
        }
        ErrorKind::ValueValidation => {
            if sv {
                format!("ogiltigt värde «{value}» för «{arg}»")
            } else {
                format!("invalid value «{value}» for «{arg}»")
            }
        }
        _ => {
            if sv {
                "argumenten kan inte tolkas".to_string()
            } else {
                "the arguments cannot be parsed".to_string()
            }
        }
    };
    let suggestion = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|kind| match e.get(kind) {
        // clap lists the closest match last.
        Some(ContextValue::Strings(list)) => {
            Some(list.iter().rev().cloned().collect::<Vec<_>>().join(if sv {
                "» eller «"
            } else {
                "» or «"
            }))
        }
        Some(v) => Some(value_text(v)),
        None => None,
    });
    if let Some(s) = suggestion {
        text.push_str(&if sv {
            format!("\n\n  tips: menade du «{s}»?")
        } else {
            format!("\n\n  tip: did you mean «{s}»?")
        });
    }
    if e.kind() == ErrorKind::UnknownArgument
        && arg.starts_with('-')
        && e.get(ContextKind::Suggested).is_some()
    {
        text.push_str(&if sv {
            format!("\n  tips: för att ge «{arg}» som ett värde, skriv «-- {arg}»")
        } else {
            format!("\n  tip: to pass «{arg}» as a value, use «-- {arg}»")
        });
    }
    let usage = get(ContextKind::Usage)
        .map(|u| {
            u.split_once(": ")
                .map(|(_, rest)| rest.to_string())
                .unwrap_or(u)
        })
        .unwrap_or_default();
    let (error, usage_word, more) = if sv {
        ("fel", "Användning", "Skriv «--help» för mer information.")
    } else {
        ("error", "Usage", "For more information, try «--help».")
    };
    let mut out = format!("{error}: {text}\n");
    if !usage.trim().is_empty() {
        out.push_str(&format!("\n{usage_word}: {}\n", usage.trim()));
    }
    out.push_str(&format!("\n{more}\n"));
    out
}

fn value_text(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn lang_is_read_before_parsing() {
        assert_eq!(from_args(&os(&["ikp", "check", "--lang", "en"])), Lang::En);
        assert_eq!(from_args(&os(&["ikp", "check", "--lang=en"])), Lang::En);
        assert_eq!(from_args(&os(&["ikp", "check", "--lang", "sv"])), Lang::Sv);
        assert_eq!(from_args(&os(&["ikp", "--", "--lang", "en"])), Lang::Sv);
    }

    #[test]
    fn languages_are_parsed_leniently() {
        assert_eq!(parse_lang("EN"), Some(Lang::En));
        assert_eq!(parse_lang("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(parse_lang("sv_SE.UTF-8"), Some(Lang::Sv));
        assert_eq!(parse_lang("de"), None);
    }
}
