//! `ikp baseline create` and `ikp baseline prune`, and `--baseline` for `ikp check`.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::baseline::{Baseline, DEFAULT_FILE};
use crate::engine::{CheckOptions, Report, check};
use crate::finding::{Lang, Text};
use crate::text;

#[derive(clap::Args)]
pub(super) struct BaselineArgs {
    #[command(subcommand)]
    command: BaselineCommand,
}

#[derive(Subcommand)]
enum BaselineCommand {
    /// Skapa en baslinje med dagens fynd, så att bara nya fynd stoppar bygget.
    Create {
        /// Filer och kataloger att kontrollera (standard: aktuell katalog).
        paths: Vec<PathBuf>,
        /// Baslinjefilen som skrivs.
        #[arg(long, short, default_value = DEFAULT_FILE)]
        output: PathBuf,
        /// Använd denna ikp.toml för alla filer i stället för den närmaste.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Språk för meddelanden (och för fyndtexterna i baslinjen).
        #[arg(long, value_enum, default_value_t = Lang::Sv)]
        lang: Lang,
    },
    /// Ta bort poster ur baslinjen som inte längre förekommer (fynd som har rättats).
    Prune {
        /// Filer och kataloger att kontrollera (samma som när baslinjen skapades).
        paths: Vec<PathBuf>,
        /// Baslinjefilen som rensas.
        #[arg(long, default_value = DEFAULT_FILE)]
        baseline: PathBuf,
        /// Skriv den rensade baslinjen hit i stället för över baslinjefilen.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Använd denna ikp.toml för alla filer i stället för den närmaste.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Språk för meddelanden.
        #[arg(long, value_enum, default_value_t = Lang::Sv)]
        lang: Lang,
    },
}

pub(super) fn run(args: BaselineArgs) -> i32 {
    let (result, lang) = match args.command {
        BaselineCommand::Create {
            paths,
            output,
            config,
            lang,
        } => (create(paths, config, &output, lang), lang),
        BaselineCommand::Prune {
            paths,
            baseline,
            output,
            config,
            lang,
        } => (
            prune(paths, config, &baseline, output.as_deref(), lang),
            lang,
        ),
    };
    match result {
        Ok(message) => {
            println!("{}", message.get(lang));
            0
        }
        Err(message) => {
            eprintln!("ikp: {}", message.get(lang));
            2
        }
    }
}

/// `ikp check --baseline FILE`: move the known findings out of the report. Any problem with
/// the file is an error, never a silent pass.
pub(super) fn apply(report: &mut Report, path: &Path, lang: Lang) -> Result<(), Text> {
    let shown = path.display().to_string();
    let baseline = Baseline::read(path)?;
    baseline.check_repository(report, &shown)?;
    let applied = baseline.apply(report);
    if applied.unmatched > 0 {
        let n = applied.unmatched;
        let hint = text!(
            "ikp: {n} poster i baslinjen {shown} motsvarar inga fynd längre; ta bort dem med `ikp baseline prune --baseline {shown}`",
            "ikp: {n} entries of the baseline {shown} match no finding any more; remove them with `ikp baseline prune --baseline {shown}`"
        );
        eprintln!("{}", hint.get(lang));
    }
    Ok(())
}

/// Check for a baseline: the run must have read every file and every configuration, or the
/// baseline would silently miss what it could not see.
fn checked(paths: Vec<PathBuf>, config: Option<PathBuf>, lang: Lang) -> Result<Report, Text> {
    let report = check(&CheckOptions { paths, config }).map_err(|e| {
        text!(
            "konfigurationen kan inte användas: {e}",
            "the configuration cannot be used: {e}"
        )
    })?;
    if report.unreadable > 0 || report.not_checked > 0 || !report.config_errors.is_empty() {
        let summary = crate::render::summary_line(&report, lang);
        let problems: Vec<String> = report
            .findings
            .iter()
            .filter(|f| crate::rules::is_loading_code(f.rule))
            .map(|f| {
                let at = crate::render::file_name(&report, f.primary.file);
                format!("{at}: {}", f.message.get(lang))
            })
            .chain(report.config_errors.iter().map(ToString::to_string))
            .collect();
        let list = problems.join("\n  ");
        return Err(text!(
            "baslinjen skrivs inte: alla filer kunde inte läsas och kontrolleras ({summary})\n  {list}\nrätta filerna och försök igen; en baslinje kan inte dölja filer vars regler inte kördes",
            "the baseline is not written: not every file could be read and checked ({summary})\n  {list}\nfix the files and try again; a baseline cannot hide files whose rules did not run"
        ));
    }
    Ok(report)
}

fn create(
    paths: Vec<PathBuf>,
    config: Option<PathBuf>,
    output: &Path,
    lang: Lang,
) -> Result<Text, Text> {
    let config_path = config.clone();
    let report = checked(paths, config, lang)?;
    let guard = super::emit::guard(&report, config_path.as_deref());
    let baseline = Baseline::from_report(&report, lang);
    if baseline.repository.is_empty() {
        return Err(text!(
            "baslinjen skrivs inte: inget ikp-dokument kontrollerades, så den skulle inte gälla något repo",
            "the baseline is not written: no ikp document was checked, so it would apply to no repository"
        ));
    }
    crate::output::write(output, baseline.to_json().as_bytes(), &guard).map_err(|e| e.message)?;
    let shown = output.display().to_string();
    let (n, docs) = (baseline.findings.len(), report.documents.len());
    Ok(text!(
        "baslinjen {shown} skapad: {n} fynd i {docs} dokument; checka in den och kör `ikp check --baseline {shown}`",
        "the baseline {shown} is created: {n} findings in {docs} documents; commit it and run `ikp check --baseline {shown}`"
    ))
}

fn prune(
    paths: Vec<PathBuf>,
    config: Option<PathBuf>,
    path: &Path,
    output: Option<&Path>,
    lang: Lang,
) -> Result<Text, Text> {
    let shown = path.display().to_string();
    let baseline = Baseline::read(path)?;
    let config_path = config.clone();
    let report = checked(paths, config, lang)?;
    baseline.check_repository(&report, &shown)?;
    let (pruned, stats) = baseline.prune(&report);
    let target = output.unwrap_or(path);
    // The baseline itself may be rewritten (that is what prune does); the inputs may not.
    let guard = super::emit::guard(&report, config_path.as_deref());
    crate::output::write(target, pruned.to_json().as_bytes(), &guard).map_err(|e| e.message)?;
    let target = target.display().to_string();
    let (removed, before, kept) = (stats.removed, stats.before, stats.not_checked);
    Ok(text!(
        "{removed} av {before} poster togs bort ur baslinjen {target}; {kept} poster för dokument som inte kontrollerades behölls",
        "{removed} of {before} entries were removed from the baseline {target}; {kept} entries of documents that were not checked were kept"
    ))
}
