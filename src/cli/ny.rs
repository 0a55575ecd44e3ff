//! `ikp ny`: start a new document from a commented template (see `crate::template`).
//!
//! The `$schema=` line points to the repository's `schemas/` file by a relative path when one
//! is found above the new file (within the repository); otherwise it names a schema file
//! beside the document and says how `ikp schema` writes it. ikp works offline, so the line
//! never points to a URL, and a schema embedded in every document would be hundreds of lines
//! the author did not write.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::config::{Config, ConfigResolver, Profile};
use crate::engine::{CheckOptions, check};
use crate::finding::Lang;
use crate::model::{DocKind, Document, Plan};
use crate::template::{SchemaRef, TemplateInput, render};

#[derive(clap::Args)]
pub(super) struct NyArgs {
    /// Dokumenttypen: plan, uppföljning eller ks-punkter.
    kind: String,
    /// Profilen vars skala och perioder mallen använder (standard: den som ikp.toml väljer).
    #[arg(long)]
    profil: Option<String>,
    /// Planen som följs upp: varje kontroll i den listas med tomma tillfällen.
    #[arg(long)]
    plan: Option<PathBuf>,
    /// Skriv mallen till denna fil (finns filen redan skrivs den inte över); utan -o till standard ut.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Språk för meddelanden (mallen själv är på svenska, som dokumenten).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
}

pub(super) fn run(args: NyArgs, lang: Lang) -> i32 {
    let lang = args.lang.unwrap_or(lang);
    match make(&args, lang) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("ikp: {message}");
            2
        }
    }
}

fn make(args: &NyArgs, lang: Lang) -> Result<(), String> {
    let sv = lang == Lang::Sv;
    let kind = parse_kind(&args.kind).ok_or_else(|| {
        if sv {
            format!(
                "okänd dokumenttyp «{}»; välj plan, uppföljning eller ks-punkter",
                args.kind
            )
        } else {
            format!(
                "unknown document kind «{}»; choose plan, uppföljning or ks-punkter",
                args.kind
            )
        }
    })?;
    if args.plan.is_some() && kind != DocKind::FollowUp {
        return Err(if sv {
            "--plan gäller bara `ikp ny uppföljning`".to_string()
        } else {
            "--plan applies only to `ikp ny uppföljning`".to_string()
        });
    }
    if let Some(out) = &args.output {
        // Refuse before any work: a template never replaces someone's document.
        if out.exists() {
            return Err(if sv {
                format!(
                    "{} finns redan; välj ett annat filnamn (ikp skriver aldrig över ett dokument)",
                    out.display()
                )
            } else {
                format!(
                    "{} already exists; choose another file name (ikp never overwrites a document)",
                    out.display()
                )
            });
        }
        crate::output::check_target(out).map_err(|e| e.message.get(lang).to_string())?;
    }
    let target = match &args.output {
        Some(p) => p.clone(),
        None => PathBuf::from(format!("{}.yaml", kind.schema_stem())),
    };
    let profile = profile_for(args.profil.as_deref(), &target, lang)?;
    let plan = match &args.plan {
        Some(path) => Some((load_plan(path, lang)?, relative(path, &target))),
        None => None,
    };
    let year = crate::report::today()
        .get(..4)
        .and_then(|y| y.parse::<i64>().ok())
        .map_or(2026, |y| y + 1);
    let text = render(&TemplateInput {
        kind,
        profile: &profile,
        schema: schema_ref(kind, &target),
        plan: plan.as_ref().map(|(p, path)| (p, path.clone())),
        year,
    });
    match &args.output {
        Some(path) => {
            crate::output::write_atomic(path, text.as_bytes())
                .map_err(|e| e.message.get(lang).to_string())?;
            eprintln!(
                "{}",
                if sv {
                    format!(
                        "ikp: {} skrevs; fyll i den och kontrollera med `ikp check {}`",
                        path.display(),
                        path.display()
                    )
                } else {
                    format!(
                        "ikp: {} was written; fill it in and check it with `ikp check {}`",
                        path.display(),
                        path.display()
                    )
                }
            );
            Ok(())
        }
        None => match std::io::stdout().write_all(text.as_bytes()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(e.to_string()),
        },
    }
}

fn parse_kind(kind: &str) -> Option<DocKind> {
    let k = kind.trim().to_lowercase();
    match k.as_str() {
        "plan" => Some(DocKind::Plan),
        "uppföljning" | "uppfoljning" => Some(DocKind::FollowUp),
        "ks-punkter" | "ks" => Some(DocKind::KsPoints),
        _ => None,
    }
}

/// `--profil`, else the profile of the `ikp.toml` that will govern the new file.
fn profile_for(name: Option<&str>, target: &Path, lang: Lang) -> Result<Profile, String> {
    let config = match name {
        Some(name) => {
            if crate::config::builtin_profile(name).is_none() {
                let known: Vec<&str> = crate::config::BUILTIN_PROFILES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect();
                return Err(match lang {
                    Lang::Sv => format!(
                        "okänd profil «{name}»; inbyggda profiler: {} (se `ikp profiles`)",
                        known.join(", ")
                    ),
                    Lang::En => format!(
                        "unknown profile «{name}»; built-in profiles: {} (see `ikp profiles`)",
                        known.join(", ")
                    ),
                });
            }
            let text = format!("profil = {}\n", toml::Value::String(name.to_string()));
            Config::from_text(&text, None)
        }
        None => ConfigResolver::new(None, crate::engine::validate_rules).and_then(|mut r| {
            let absolute = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
            r.for_file(&absolute).map(|c| (*c).clone())
        }),
    };
    config.map(|c| c.profile).map_err(|e| match lang {
        Lang::Sv => format!("profilen kan inte användas: {e}"),
        Lang::En => format!("the profile cannot be used: {e}"),
    })
}

fn load_plan(path: &Path, lang: Lang) -> Result<Plan, String> {
    let report = check(&CheckOptions {
        paths: vec![path.to_path_buf()],
        config: None,
    })
    .map_err(|e| e.to_string())?;
    let plan = report.documents.into_iter().find_map(|d| match d.doc {
        Document::Plan(p) => Some(p),
        _ => None,
    });
    plan.ok_or_else(|| match lang {
        Lang::Sv => format!(
            "{} kan inte läsas in som en plan; kör `ikp check {}` och rätta felen först",
            path.display(),
            path.display()
        ),
        Lang::En => format!(
            "{} cannot be loaded as a plan; run `ikp check {}` and fix the errors first",
            path.display(),
            path.display()
        ),
    })
}

/// `schemas/<kind>.schema.json` of the repository above `target`, relative to it.
fn schema_ref(kind: DocKind, target: &Path) -> SchemaRef {
    let file = format!("{}.schema.json", kind.schema_stem());
    let absolute = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    let mut dir = absolute.parent();
    while let Some(d) = dir {
        let candidate = d.join("schemas").join(&file);
        if candidate.is_file() {
            return SchemaRef::Relative(relative(&candidate, &absolute));
        }
        // The repository's root is as far as a relative path should reach.
        if d.join(".git").exists() {
            break;
        }
        dir = d.parent();
    }
    SchemaRef::Beside(file)
}

/// `to` as a path relative to the directory of the file `from`, with `/` separators.
fn relative(to: &Path, from: &Path) -> String {
    let abs = |p: &Path| {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .map(|c| c.as_os_str().to_os_string())
            .collect::<Vec<_>>()
    };
    let to = abs(to);
    let from = abs(from);
    let from_dir = &from[..from.len().saturating_sub(1)];
    let common = to
        .iter()
        .zip(from_dir.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..from_dir.len() {
        parts.push("..".into());
    }
    for c in &to[common..] {
        parts.push(c.to_string_lossy().into_owned());
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_files() {
        assert_eq!(
            relative(
                Path::new("/r/schemas/plan.schema.json"),
                Path::new("/r/a/b/plan.yaml")
            ),
            "../../schemas/plan.schema.json"
        );
        assert_eq!(
            relative(Path::new("/r/a/plan.yaml"), Path::new("/r/a/uppf.yaml")),
            "plan.yaml"
        );
    }

    #[test]
    fn kinds_are_read_as_people_write_them() {
        assert_eq!(parse_kind("Uppfoljning"), Some(DocKind::FollowUp));
        assert_eq!(parse_kind("KS-punkter"), Some(DocKind::KsPoints));
        assert_eq!(parse_kind("risk"), None);
    }
}
