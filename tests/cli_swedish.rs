//! The command line in Swedish from the first keystroke: clap's help and errors, ikp.toml
//! mistakes with file, line and caret, profile names in any case; English on request.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], env: &[(&str, &str)], dir: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ikp"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("IKP_LANG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the ikp binary runs")
}

fn ikp(args: &[&str]) -> Output {
    run(args, &[], Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// Words of clap's English templates that must not reach a Swedish user.
const CLAP_ENGLISH: &[&str] = &[
    "Usage",
    "Commands",
    "Options",
    "Arguments",
    "Print help",
    "Print version",
    "[default",
    "possible values",
    "Possible values",
    "[OPTIONS]",
    "<COMMAND>",
    "PATHS",
    "error:",
    "tip:",
    "For more information",
    "unexpected argument",
];

fn assert_swedish(help: &str) {
    for word in CLAP_ENGLISH {
        assert!(!help.contains(word), "«{word}» in:\n{help}");
    }
}

#[test]
fn top_level_help_is_swedish() {
    let out = ikp(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert_swedish(&help);
    assert!(
        help.contains("\nAnvändning: ikp [FLAGGOR] <KOMMANDO>\n"),
        "{help}"
    );
    assert!(help.contains("\nKommandon:\n  check "), "{help}");
    assert!(help.contains("\nFlaggor:\n"), "{help}");
    assert!(help.contains("  -h, --help "), "{help}");
    assert!(help.contains("Skriv ut hjälp"), "{help}");
    assert!(help.contains("Skriv ut versionen"), "{help}");
}

#[test]
fn check_help_is_swedish() {
    let out = ikp(&["check", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert_swedish(&help);
    assert!(
        help.contains("\nAnvändning: ikp check [FLAGGOR] [SÖKVÄG]...\n"),
        "{help}"
    );
    assert!(
        help.contains("\nArgument:\n  [SÖKVÄG]...  Filer och kataloger att kontrollera\n"),
        "{help}"
    );
    assert!(
        help.contains(
            "--format <FORMAT>  Utdataformat [möjliga värden: human, json, sarif, junit, github, gitlab] [standard: human]"
        ),
        "{help}"
    );
}

#[test]
fn every_subcommand_help_is_swedish() {
    for args in [
        &["schema", "--help"][..],
        &["rules", "--help"],
        &["explain", "--help"],
        &["report", "--help"],
        &["profiles", "--help"],
        &["ny", "--help"],
        &["baseline", "--help"],
        &["baseline", "create", "--help"],
        &["baseline", "prune", "--help"],
    ] {
        let out = ikp(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = text(&out.stdout);
        assert_swedish(&help);
        assert!(help.contains("Användning: ikp "), "{args:?}: {help}");
    }
}

#[test]
fn english_with_lang_en_or_ikp_lang() {
    let out = ikp(&["check", "--help", "--lang", "en"]);
    let help = text(&out.stdout);
    assert!(
        help.contains("Usage: ikp check [OPTIONS] [PATHS]..."),
        "{help}"
    );
    assert!(help.contains("\nOptions:\n"), "{help}");
    assert!(help.contains("Print help"), "{help}");
    assert!(help.contains("Files and directories to check."), "{help}");
    assert!(!help.contains("Användning"), "{help}");

    let out = run(
        &["--help"],
        &[("IKP_LANG", "en")],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    let help = text(&out.stdout);
    assert!(help.contains("Usage: ikp [OPTIONS] <COMMAND>"), "{help}");
    assert!(
        help.contains("check     Check files and directories"),
        "{help}"
    );
}

#[test]
fn a_mistyped_flag_is_explained_in_swedish() {
    let out = ikp(&["check", "--formt", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "fel: oväntat argument «--formt»\n\n  tips: menade du «--format»?\n\n\
         Användning: ikp check [FLAGGOR] [SÖKVÄG]...\n\nSkriv «--help» för mer information.\n"
    );
}

#[test]
fn an_unknown_command_and_a_wrong_value_in_swedish() {
    let out = ikp(&["chekc"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("fel: okänt kommando «chekc»\n\n  tips: menade du «check»"),
        "{err}"
    );

    let out = ikp(&["check", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "fel: ogiltigt värde «xml» för «--format <FORMAT>»\n  möjliga värden: human, json, sarif, junit, github, gitlab\n\n\
         Skriv «--help» för mer information.\n"
    );

    let out = ikp(&["check", "--formt", "json", "--lang", "en"]);
    assert!(
        text(&out.stderr).starts_with("error: unexpected argument «--formt»\n"),
        "{}",
        text(&out.stderr)
    );
}

/// A directory with an `ikp.toml` and a KS-points document to check.
fn repo(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("ikp.toml"), config).unwrap();
    std::fs::write(
        dir.path().join("ks.yaml"),
        "typ: ks-punkter\nkommun: Uppsala\når: 2025\npunkter:\n  - id: KS1\n    titel: Attest av fakturor\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_misspelt_config_field_has_line_column_and_suggestion() {
    // Named with --config, the run stops before any file is read (stderr).
    let dir = repo("# Uppsala\nprofile = \"stockholm\"\n");
    let out = run(
        &["check", "--config", "ikp.toml", "ks.yaml"],
        &[],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "ikp: konfigurationen kan inte användas\n\
         ikp.toml: okänt fält «profile» — menade du «profil»?\n\
         \x20 ┌─ ikp.toml:2:1\n\
         \x20 │\n\
         2 │ profile = \"stockholm\"\n\
         \x20 │ ^^^^^^^\n"
    );
}

#[test]
fn a_toml_syntax_error_is_swedish_with_caret() {
    let dir = repo("profil = \"stockholm\"\nikp tröskel = 3\n");
    // Found beside the file, it is reported with the run's other output.
    let out = run(&["check", "ks.yaml"], &[], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stdout);
    assert!(
        err.contains(
            "konfigurationsfel: ikp.toml: nyckel utan värde: skriv «=» och ett värde efter nyckeln\n  ┌─ ikp.toml:2:5\n"
        ),
        "{err}"
    );
    assert!(err.contains("2 │ ikp tröskel = 3\n  │     ^\n"), "{err}");
    assert!(!err.contains("TOML parse error"), "{err}");
}

#[test]
fn a_wrong_value_after_merging_points_at_its_key() {
    let dir = repo("profil = \"stockholm\"\n[ikp]\n\"tröskel\" = \"tolv\"\n");
    let out = run(
        &["check", "--config", "ikp.toml", "ks.yaml"],
        &[],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "ikp.toml: fel sorts värde: texten «tolv», men ett heltal väntades (i «ikp.tröskel»)\n  ┌─ ikp.toml:3:1\n"
        ),
        "{err}"
    );
}

#[test]
fn profile_names_are_case_insensitive() {
    let dir = repo("profil = \"Stockholm\"\n");
    let out = run(&["check", "ks.yaml"], &[], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = ikp(&["profiles", "FYRGRADIG"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("namn = \"fyrgradig\""));
}

#[test]
fn profiles_say_which_municipalities_they_fit_without_internal_names() {
    let out = ikp(&["profiles"]);
    let list = text(&out.stdout);
    assert!(
        list.contains("stockholm    För kommuner och nämnder med femgradig riskmatris"),
        "{list}"
    );
    assert!(
        list.contains("fyrgradig    För kommuner och förvaltningar med fyrgradig riskmatris"),
        "{list}"
    );
    for name in ["stockholm", "fyrgradig"] {
        let text = text(&ikp(&["profiles", name]).stdout).to_lowercase();
        assert!(!text.contains("seed"), "{name}: {text}");
    }
    assert!(!list.to_lowercase().contains("seed"), "{list}");
}

#[test]
fn an_unknown_profile_suggests_the_nearest_at_its_line() {
    let dir = repo("# Uppsala kommun\nprofil = \"Stokholm\"\n");
    let out = run(
        &["check", "--config", "ikp.toml", "ks.yaml"],
        &[],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "ikp: konfigurationen kan inte användas\n\
         ikp.toml: okänd profil «Stokholm» — menade du «stockholm»?\n\
         \x20 ┌─ ikp.toml:2:10\n\
         \x20 │\n\
         2 │ profil = \"Stokholm\"\n\
         \x20 │          ^^^^^^^^^^\n"
    );
}

#[test]
fn ikp_lang_sets_the_language_of_messages_and_lang_overrides_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args = ["check", "-q", "examples/it-forvaltningen"];
    let out = run(&args, &[("IKP_LANG", "en")], root);
    assert!(
        text(&out.stdout).contains("4 documents in 4 files: "),
        "{}",
        text(&out.stdout)
    );
    let out = run(
        &[&args[..], &["--lang", "sv"]].concat(),
        &[("IKP_LANG", "en")],
        root,
    );
    assert!(
        text(&out.stdout).contains("4 dokument i 4 filer: "),
        "{}",
        text(&out.stdout)
    );
}
