//! `ikp mall plan|uppföljning|ks-punkter --profil P [--plan FIL] -o fil.xlsx`: a workbook
//! template that makes errors hard to make — dropdowns for the profile's levels and words,
//! RV as a formula, the zones in colour, and for a follow-up every control × occasion of
//! the plan, so that no control is forgotten (IKP105) or invented (IKP106).

use std::path::{Component, Path, PathBuf};

use crate::config::{Config, ConfigFile, ConfigResolver};
use crate::source::{SourceFile, Span};
use crate::tree::{Entry, Node, Value};
use crate::workbook::{self, write};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Kind {
    /// Väsentlighets- och riskanalys med internkontrollplan.
    Plan,
    /// Uppföljning av planens kontroller (en rad per kontroll och tillfälle).
    #[value(name = "uppföljning", alias = "uppfoljning")]
    FollowUp,
    /// KS-gemensamma kontrollpunkter.
    #[value(name = "ks-punkter")]
    KsPoints,
}

#[derive(clap::Args)]
pub(super) struct MallArgs {
    /// Vilken mall: plan, uppföljning eller ks-punkter.
    #[arg(value_enum)]
    kind: Kind,
    /// Profilen vars skala, statusord och zoner mallen använder (standard: ikp.toml närmast filen).
    #[arg(long)]
    profil: Option<String>,
    /// Planen (.yaml eller .xlsx) som mallen fylls i från.
    #[arg(long)]
    plan: Option<PathBuf>,
    /// Planen på ett enda blad i stället för ett blad för VoR och ett för IKP.
    #[arg(long)]
    ett_blad: bool,
    /// Filen som skrivs (.xlsx).
    #[arg(long, short)]
    output: PathBuf,
}

pub(super) fn run(args: MallArgs) -> i32 {
    let config = match &args.profil {
        Some(name) => Config::resolve(
            ConfigFile {
                profil: Some(name.to_lowercase()),
                ..ConfigFile::default()
            },
            None,
            "",
        ),
        None => ConfigResolver::new(None, crate::engine::validate_rules)
            .and_then(|mut r| r.for_file(&args.output).map(|c| (*c).clone())),
    };
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            eprintln!("ikp: {e}");
            return 2;
        }
    };
    let plan = match &args.plan {
        Some(path) => match read_document(path, &config) {
            Ok(root) => Some(root),
            Err(message) => {
                eprintln!("ikp: {message}");
                return 2;
            }
        },
        None => None,
    };
    let profile = &config.profile;
    let written = match args.kind {
        Kind::Plan => {
            let root = plan.unwrap_or_else(|| skeleton("plan"));
            let layout = if args.ett_blad {
                write::PlanLayout::OneSheet
            } else {
                write::PlanLayout::TwoSheets
            };
            write::plan(&root, layout, profile, true)
        }
        Kind::FollowUp => {
            let root = match (&plan, &args.plan) {
                (Some(plan), Some(path)) => follow_up_of(plan, &relative(path, &args.output)),
                _ => skeleton("uppföljning"),
            };
            write::follow_up(&root, profile, true)
        }
        Kind::KsPoints => write::ks_points(&skeleton("ks-punkter"), true),
    };
    let bytes = match written {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ikp: mallen kan inte skrivas: {e}");
            return 2;
        }
    };
    if let Err(e) = crate::output::write_atomic(&args.output, &bytes) {
        eprintln!("ikp: {e}");
        return 2;
    }
    eprintln!("ikp: skrev {}", args.output.display());
    0
}

fn s(text: &str) -> Node {
    Node {
        value: Value::Str(text.to_string()),
        span: Span::default(),
    }
}

fn entry(key: &str, value: Node) -> Entry {
    Entry { key: s(key), value }
}

fn skeleton(typ: &str) -> Node {
    Node {
        value: Value::Map(vec![entry("typ", s(typ))]),
        span: Span::default(),
    }
}

/// A plan as a tree, from YAML or a workbook.
fn read_document(path: &Path, config: &Config) -> Result<Node, String> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("kan inte läsa {shown}: {e}"))?;
    if let Some(ext) = workbook::extension(path) {
        let built = workbook::load(&bytes, &ext, config)
            .map_err(|e| format!("{shown}: {}", e.message.sv))?;
        return built.root.ok_or_else(|| {
            format!("{shown}: arbetsboken innehåller ingen plan som ikp känner igen")
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| format!("{shown} är inte UTF-8-text"))?;
    let source = SourceFile::new(path, text);
    match crate::tree::parse(&source, &config.limits) {
        Ok(Some(root)) => Ok(root),
        Ok(None) => Err(format!("{shown} är tom")),
        Err(_) => Err(format!(
            "{shown} kan inte läsas som YAML; kör `ikp check {shown}`"
        )),
    }
}

/// Periods of a control: its `tidpunkt` when that lists periods (`T1, T2, VB`), else all three.
fn periods(control: &Node) -> Vec<String> {
    let listed: Vec<String> = control
        .get("tidpunkt")
        .and_then(Node::as_str)
        .map(|t| {
            t.split([',', ';', ' ', '/'])
                .map(str::trim)
                .filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("och"))
                .map(str::to_uppercase)
                .collect()
        })
        .unwrap_or_default();
    let known = |p: &String| matches!(p.as_str(), "T1" | "T2" | "T3" | "VB" | "DELÅR" | "BOKSLUT");
    if !listed.is_empty() && listed.iter().all(known) {
        listed
    } else {
        vec!["T1".into(), "T2".into(), "VB".into()]
    }
}

/// The follow-up of `plan`: every control × occasion, each with an empty status to fill.
fn follow_up_of(plan: &Node, plan_path: &str) -> Node {
    let mut entries = vec![entry("typ", s("uppföljning"))];
    for key in ["kommun", "nämnd", "år"] {
        if let Some(v) = plan.get(key) {
            entries.push(entry(key, v.clone()));
        }
    }
    entries.push(entry("plan", s(plan_path)));
    let controls: Vec<Node> = match plan.get("kontroller").map(|n| &n.value) {
        Some(Value::Seq(items)) => items
            .iter()
            .map(|c| {
                let mut fields = Vec::new();
                if let Some(id) = c.get("id") {
                    fields.push(entry("kontroll", id.clone()));
                }
                for key in ["process", "kontrollaktivitet", "metod"] {
                    if let Some(v) = c.get(key) {
                        fields.push(entry(key, v.clone()));
                    }
                }
                let occasions = periods(c)
                    .into_iter()
                    .map(|p| Node {
                        value: Value::Map(vec![entry("period", s(&p))]),
                        span: Span::default(),
                    })
                    .collect();
                fields.push(entry(
                    "tillfällen",
                    Node {
                        value: Value::Seq(occasions),
                        span: Span::default(),
                    },
                ));
                Node {
                    value: Value::Map(fields),
                    span: Span::default(),
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    entries.push(entry(
        "kontroller",
        Node {
            value: Value::Seq(controls),
            span: Span::default(),
        },
    ));
    Node {
        value: Value::Map(entries),
        span: Span::default(),
    }
}

/// `plan` as written from the directory of `output` (what `plan:` in the follow-up needs).
fn relative(plan: &Path, output: &Path) -> String {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other.as_os_str()),
            }
        }
        out
    };
    let plan = abs(plan);
    let dir = abs(output)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let (p, d): (Vec<_>, Vec<_>) = (plan.components().collect(), dir.components().collect());
    let common = p.iter().zip(&d).take_while(|(a, b)| a == b).count();
    let mut rel: Vec<String> = std::iter::repeat_n("..".to_string(), d.len() - common).collect();
    rel.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    rel.join("/")
}
