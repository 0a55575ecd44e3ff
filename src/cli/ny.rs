//! `ikp ny`: start a new document from a commented template (see `crate::template`).

use std::path::PathBuf;

use crate::finding::Lang;

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
}

pub(super) fn run(_args: NyArgs, _lang: Lang) -> i32 {
    2
}
