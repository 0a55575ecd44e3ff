//! `ikp import FIL.xlsx [-o plan.yaml]`: a workbook as faithful YAML, to start a plan
//! repository from an existing workbook.

use std::path::{Path, PathBuf};

use crate::config::ConfigResolver;
use crate::finding::Lang;
use crate::source::SourceFile;
use crate::workbook;

#[derive(clap::Args)]
pub(super) struct ImportArgs {
    /// Arbetsboken (.xlsx, .xlsm, .xls, .ods).
    file: PathBuf,
    /// Skriv YAML till den här filen (standard: skriv till standardutdata).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Språk för meddelanden.
    #[arg(long, value_enum, default_value_t = Lang::Sv)]
    lang: Lang,
}

pub(super) fn run(args: ImportArgs) -> i32 {
    let lang = args.lang;
    let say = |sv: String, en: String| match lang {
        Lang::Sv => sv,
        Lang::En => en,
    };
    let path = &args.file;
    let shown = path.display().to_string();
    let Some(ext) = workbook::extension(path) else {
        eprintln!(
            "ikp: {}",
            say(
                format!("{shown} är ingen arbetsbok: ikp import läser .xlsx, .xlsm, .xls och .ods"),
                format!("{shown} is not a workbook: ikp import reads .xlsx, .xlsm, .xls and .ods")
            )
        );
        return 2;
    };
    let config = match ConfigResolver::new(None, crate::engine::validate_rules)
        .and_then(|mut r| r.for_file(path))
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("ikp: {e}");
            return 2;
        }
    };
    let bytes = match read(path, config.limits.max_byte) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "ikp: {}",
                say(
                    format!("kan inte läsa {shown}: {e}"),
                    format!("cannot read {shown}: {e}")
                )
            );
            return 2;
        }
    };
    let built = match workbook::load(&bytes, &ext, &config) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ikp: {shown}: {}", e.message.get(lang));
            return 2;
        }
    };
    let source = SourceFile::workbook(path, built.text, built.cells);
    let mut problems = false;
    for p in &built.problems {
        let at = source
            .cell_at(p.span.start as usize)
            .map(|c| format!("{c}: "))
            .unwrap_or_default();
        eprintln!("{shown}: {at}{}", p.message.get(lang));
        problems |= p.severity == crate::finding::Severity::Error;
    }
    let Some(root) = built.root else {
        eprintln!(
            "ikp: {}",
            say(
                format!("{shown}: arbetsboken innehåller ingen tabell som ikp känner igen"),
                format!("{shown}: the workbook holds no table ikp recognises")
            )
        );
        return 1;
    };
    let Some(cells) = source.cells.as_deref() else {
        return 2;
    };
    let name = path
        .file_name()
        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    let yaml = workbook::yaml::to_yaml(&root, cells, &name);
    match &args.output {
        Some(out) => {
            if let Err(e) = crate::output::write_atomic(out, yaml.as_bytes()) {
                eprintln!("ikp: {e}");
                return 2;
            }
        }
        None => print!("{yaml}"),
    }
    i32::from(problems)
}

fn read(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::other(format!("större än max_byte = {max}")));
    }
    Ok(bytes)
}
