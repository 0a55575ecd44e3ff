//! The command line. Thin: parses arguments, calls the library, prints, returns the exit code.
//!
//! Exit codes: 0 no finding at or above the fail level; 1 findings; 2 usage error, unreadable
//! input or unusable configuration.

mod baseline;
mod emit;
mod import;
mod lang;
mod mall;
mod ny;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::ColorChoice;

use crate::config::BUILTIN_PROFILES;
use crate::engine::{CheckOptions, check, check_lean};
use crate::finding::{Lang, Severity};
use crate::model::DocKind;
use crate::render::{self, Format};
use crate::rules;

#[derive(Parser)]
#[command(
    name = "ikp",
    version,
    about = "Granskar kommunala internkontrollplaner, riskanalyser och uppföljningar.\nChecks Swedish municipal internal-control plans, risk registers and follow-ups."
)]
struct Cli {
    /// Språk för hjälp och meddelanden (också IKP_LANG=en); gäller kommandot som följer.
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Kontrollera filer och kataloger (standard: aktuell katalog).
    Check(CheckArgs),
    /// Skriv ut JSON-schemat för en dokumenttyp: plan, uppföljning, ks-punkter eller config.
    Schema {
        /// plan | uppföljning | ks-punkter | config
        kind: String,
    },
    /// Lista alla regler.
    Rules {
        #[arg(long, value_enum, default_value_t = Lang::Sv)]
        lang: Lang,
    },
    /// Förklara en regel: vad den kontrollerar, varför, grund, exempel och åtgärd.
    Explain {
        /// Regelkod, till exempel IKP002.
        code: String,
        #[arg(long, value_enum, default_value_t = Lang::Sv)]
        lang: Lang,
    },
    /// Skriv en granskningsrapport för revisorer: HTML (standard), Markdown eller CSV.
    Report(ReportArgs),
    /// Lista de inbyggda profilerna, eller skriv ut en av dem.
    Profiles {
        /// Profilens namn; utan namn listas alla.
        name: Option<String>,
    },
    /// Baslinjer: spara dagens fynd så att bara nya fynd stoppar bygget.
    Baseline(baseline::BaselineArgs),
    /// Börja ett nytt dokument från en mall: plan, uppföljning eller ks-punkter.
    Ny(ny::NyArgs),
    /// Läs en arbetsbok (.xlsx, .xls, .ods) och skriv den som YAML, värde för värde.
    Import(import::ImportArgs),
    /// Skriv en Excel-mall (plan, uppföljning eller ks-punkter) med rullistor och formler.
    Mall(mall::MallArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Filer och kataloger att kontrollera.
    paths: Vec<PathBuf>,
    /// Utdataformat.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Språk för meddelanden.
    #[arg(long, value_enum, default_value_t = Lang::Sv)]
    lang: Lang,
    /// Visa bara fynden och sammanfattningen.
    #[arg(long, short)]
    quiet: bool,
    /// Lista också filerna som hoppades över (inte ikp-dokument, eller uteslutna av exclude).
    #[arg(long, short)]
    verbose: bool,
    /// Färg i terminalen.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Använd denna ikp.toml för alla filer i stället för den närmaste.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Lägsta allvarlighetsgrad som ger slutkod 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Lista också de undantagna fynden och deras motivering.
    #[arg(long)]
    show_exemptions: bool,
    /// Skriv rapporten till denna fil (atomiskt); sammanfattningen visas ändå i terminalen.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Rapportera bara fynd som inte finns i denna baslinje (se `ikp baseline create`).
    #[arg(long)]
    baseline: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// Filer och kataloger att granska.
    paths: Vec<PathBuf>,
    /// Rapportfilen; utan -o skrivs rapporten till standard ut.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Format; standard efter filändelsen (.md, .csv), annars html.
    #[arg(long, value_enum)]
    format: Option<crate::report::ReportFormat>,
    /// Rapportens språk.
    #[arg(long, value_enum, default_value_t = Lang::Sv)]
    lang: Lang,
    /// Använd denna ikp.toml för alla filer i stället för den närmaste.
    #[arg(long)]
    config: Option<PathBuf>,
}

pub fn main() -> i32 {
    use clap::error::ErrorKind;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // clap's command is built before the arguments are parsed: the language comes first.
    let ui = lang::from_args(&args);
    let parsed = lang::localise(Cli::command(), ui)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                let _ = e.print();
                return 0;
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = e.print();
                return 2;
            }
            _ => {
                eprint!("{}", lang::render_error(&e, ui));
                return 2;
            }
        },
    };
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Schema { kind } => print_schema(&kind),
        Command::Rules { lang } => print_rules(lang),
        Command::Explain { code, lang } => explain(&code, lang),
        Command::Report(args) => run_report(args),
        Command::Profiles { name } => profiles(name.as_deref()),
        Command::Baseline(args) => baseline::run(args),
        Command::Ny(args) => ny::run(args, ui),
        Command::Import(args) => import::run(args),
        Command::Mall(args) => mall::run(args),
    }
}

fn run_check(args: CheckArgs) -> i32 {
    let options = CheckOptions {
        paths: args.paths.clone(),
        config: args.config.clone(),
    };
    // JUnit lists every rule checked per document, so it needs the documents; every other
    // format needs only the findings, and the lean run keeps memory flat over many files.
    let run = if args.format == Format::Junit {
        check
    } else {
        check_lean
    };
    let mut report = match run(&options) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("{}", config_error(&e, args.lang));
            return 2;
        }
    };
    if let Some(path) = &args.baseline
        && let Err(message) = baseline::apply(&mut report, path, args.lang)
    {
        eprintln!("ikp: {}", message.get(args.lang));
        return 2;
    }
    let fail_on = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let color = match args.color {
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
        ColorArg::Auto if std::io::stdout().is_terminal() => ColorChoice::Auto,
        ColorArg::Auto => ColorChoice::Never,
    };
    let written = emit::emit(
        &report,
        &emit::Emit {
            format: args.format,
            output: args.output.as_deref(),
            config: args.config.as_deref(),
            baseline: args.baseline.as_deref(),
            lang: args.lang,
            quiet: args.quiet,
            color,
            show_exemptions: args.show_exemptions,
            fail_on,
        },
    );
    if written != 0 {
        return written;
    }
    if args.verbose {
        print_skipped(&report, args.lang);
    }
    report.exit_code(fail_on)
}

/// An unusable configuration: what is wrong, where (file, line and a caret), and that the run stopped.
fn config_error(e: &crate::config::ConfigError, lang: Lang) -> String {
    let lead = match lang {
        Lang::Sv => "ikp: konfigurationen kan inte användas",
        Lang::En => "ikp: the configuration cannot be used",
    };
    format!("{lead}\n{e}")
}

/// `--verbose`: the files a walk did not check, and why (on stderr, so formats stay clean).
fn print_skipped(report: &crate::engine::Report, lang: Lang) {
    for path in &report.skipped_files {
        let path = path.display();
        eprintln!(
            "{}",
            match lang {
                Lang::Sv =>
                    format!("hoppade över {path}: inget ikp-dokument (varken typ eller ikp-fält)"),
                Lang::En =>
                    format!("skipped {path}: not an ikp document (neither typ nor ikp fields)"),
            }
        );
    }
    for path in &report.excluded {
        let path = path.display();
        eprintln!(
            "{}",
            match lang {
                Lang::Sv => format!("hoppade över {path}: utesluten av include/exclude i ikp.toml"),
                Lang::En => format!("skipped {path}: excluded by include/exclude in ikp.toml"),
            }
        );
    }
}

fn print_schema(kind: &str) -> i32 {
    let schema = if kind == "config" {
        crate::schema::config_schema()
    } else {
        let kind = if kind == "uppfoljning" {
            "uppföljning"
        } else {
            kind
        };
        let Some(kind) = DocKind::from_typ(kind) else {
            eprintln!(
                "ikp: okänd dokumenttyp «{kind}»; välj plan, uppföljning, ks-punkter eller config"
            );
            return 2;
        };
        crate::schema::schema_for(kind)
    };
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => {
            println!("{text}");
            0
        }
        Err(e) => {
            eprintln!("ikp: {e}");
            2
        }
    }
}

fn print_rules(lang: Lang) -> i32 {
    let mut out = std::io::stdout().lock();
    for rule in rules::registry() {
        let m = rule.meta();
        let _ = writeln!(
            out,
            "{}  {:<8} {:<34} {}",
            m.code,
            m.default_severity.name(lang),
            m.name,
            m.title.get(lang)
        );
    }
    0
}

fn explain(code: &str, lang: Lang) -> i32 {
    let Some(rule) = rules::find(code) else {
        eprintln!(
            "{}",
            match lang {
                Lang::Sv => format!("ikp: okänd regel «{code}»; se `ikp rules`"),
                Lang::En => format!("ikp: unknown rule «{code}»; see `ikp rules`"),
            }
        );
        return 2;
    };
    let m = rule.meta();
    let kinds: Vec<&str> = m.kinds.iter().map(|k| k.typ()).collect();
    let (sev, reads, basis) = match lang {
        Lang::Sv => ("Standardnivå", "Läser", "Grund"),
        Lang::En => ("Default severity", "Reads", "Basis"),
    };
    println!("# {} {} — {}\n", m.code, m.name, m.title.get(lang));
    println!(
        "{sev}: {}. {reads}: {}.",
        m.default_severity.name(lang),
        kinds.join(", ")
    );
    println!("{basis}: {}\n", m.basis.get(lang));
    println!("{}", rule.documentation(lang).trim_end());
    0
}

fn profiles(name: Option<&str>) -> i32 {
    match name {
        None => {
            for (name, text) in BUILTIN_PROFILES {
                let description = text
                    .lines()
                    .find_map(|l| l.strip_prefix("beskrivning = "))
                    .unwrap_or("")
                    .trim_matches('"');
                println!("{name:<12} {description}");
            }
            0
        }
        Some(wanted) => match crate::config::builtin_profile(wanted) {
            Some(text) => {
                print!("{text}");
                0
            }
            None => {
                eprintln!("ikp: okänd profil «{wanted}»; se `ikp profiles`");
                2
            }
        },
    }
}

/// `ikp report`: exit 0 when the report is written (whatever it found: a report is not a
/// gate), 2 when it cannot be made or written.
fn run_report(args: ReportArgs) -> i32 {
    use crate::report::{ReportFormat, ReportOptions};
    let lang = args.lang;
    if let Some(path) = &args.output
        && let Err(e) = crate::output::check_target(path)
    {
        eprintln!("ikp: {}", e.message.get(lang));
        return 2;
    }
    // A fixed date makes reports reproducible (tests, archived runs).
    let date = match std::env::var("IKP_REPORT_DATE") {
        Ok(date) if crate::model::Date::parse(date.trim()).is_some() => date.trim().to_string(),
        Ok(date) => {
            eprintln!(
                "{}",
                match lang {
                    Lang::Sv =>
                        format!("ikp: IKP_REPORT_DATE «{date}» är inget datum (ÅÅÅÅ-MM-DD)"),
                    Lang::En => format!("ikp: IKP_REPORT_DATE «{date}» is not a date (YYYY-MM-DD)"),
                }
            );
            return 2;
        }
        Err(_) => crate::report::today(),
    };
    let options = CheckOptions {
        paths: args.paths.clone(),
        config: args.config.clone(),
    };
    let report = match check(&options) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("{}", config_error(&e, lang));
            return 2;
        }
    };
    let format = args.format.unwrap_or_else(|| {
        args.output
            .as_deref()
            .map(ReportFormat::from_path)
            .unwrap_or(ReportFormat::Html)
    });
    let text = crate::report::render(&report, format, &ReportOptions { lang, date });
    match &args.output {
        Some(path) => {
            let guard = emit::guard(&report, args.config.as_deref());
            if let Err(e) = crate::output::write(path, text.as_bytes(), &guard) {
                eprintln!("ikp: {}", e.message.get(lang));
                return 2;
            }
            eprintln!(
                "{}",
                match lang {
                    Lang::Sv => format!("ikp: rapporten skrevs till {}", path.display()),
                    Lang::En => format!("ikp: the report was written to {}", path.display()),
                }
            );
            eprintln!("{}", render::summary_line(&report, lang));
            0
        }
        None => match std::io::stdout().write_all(text.as_bytes()) {
            Ok(()) => 0,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
            Err(e) => {
                eprintln!("ikp: {e}");
                2
            }
        },
    }
}
