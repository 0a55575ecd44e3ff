//! `ikp report`: what an auditor receives. The fixture `tests/fixtures/rapport/` is a small
//! nämnd with a plan, a follow-up and a file that does not load; its texts hold HTML tags,
//! quotes and ampersands that must come out as text.

use std::path::{Path, PathBuf};
use std::process::Command;

use ikp_lint::engine::{CheckOptions, Report, check, check_sources};
use ikp_lint::finding::Lang;
use ikp_lint::report::{ReportFormat, ReportOptions, build, render};

const FIXTURE: &str = "tests/fixtures/rapport";
const SEED_001: &str = "examples/stockholm/servicenamnden/2025/plan.yaml";

fn options(lang: Lang) -> ReportOptions {
    ReportOptions {
        lang,
        date: "2025-11-23".to_string(),
    }
}

fn checked(paths: &[&str]) -> Report {
    check(&CheckOptions {
        paths: paths.iter().map(PathBuf::from).collect(),
        config: None,
    })
    .unwrap()
}

/// Every tag name in an HTML text, in order (`<!DOCTYPE` counts as `!doctype`).
fn tag_names(html: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!')
            .collect();
        names.push(name.trim_start_matches('/').to_ascii_lowercase());
    }
    names
}

#[test]
fn document_texts_are_escaped_in_html() {
    let html = render(&checked(&[FIXTURE]), ReportFormat::Html, &options(Lang::Sv));

    // The risk named <script>alert(1)</script> is shown, as text.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"), "a script tag reached the report");
    // Quotes, apostrophes, ampersands and angle brackets from the plan.
    assert!(html.contains(
        "Citat &quot;dubbla&quot; och &#39;enkla&#39; &amp; &lt;mindre än&gt; vid mutor och jäv"
    ));
    assert!(html.contains("Stickprov på &lt;b&gt;utbetalda&lt;/b&gt; bidrag mot beslut"));
    assert!(html.contains(
        "Hanteras i stadens gemensamma &quot;inköpskontroll&quot; &amp; följs upp av KS"
    ));
    assert!(!html.contains("<b>utbetalda</b>"));

    // No document text can open a tag: every tag in the file is one the renderer writes.
    const ALLOWED: &[&str] = &[
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "header",
        "footer",
        "section",
        "article",
        "div",
        "span",
        "p",
        "b",
        "a",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "dl",
        "dt",
        "dd",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "code",
        "pre",
        "mark",
        "details",
        "summary",
        "figure",
        "figcaption",
        "svg",
        "g",
        "rect",
        "path",
        "text",
        "tspan",
    ];
    for name in tag_names(&html) {
        assert!(ALLOWED.contains(&name.as_str()), "unexpected tag <{name}>");
    }

    // Self-contained and locked down: no script, no external reference, a strict CSP.
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:\">"
    ));
    // Inside tags (document text such as a comment "<img src=x>" is escaped and shown as text,
    // so it may contain "src=" outside any tag).
    for tag in html
        .split('<')
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(t, _)| t))
    {
        for external in [" src=", "href=\"http", "href='http"] {
            assert!(!tag.contains(external), "external reference in <{tag}>");
        }
    }
    for external in ["url(", "@import"] {
        assert!(!html.contains(external), "external reference {external}");
    }
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn markdown_report_of_a_small_nämnd() {
    let md = render(
        &checked(&[FIXTURE]),
        ReportFormat::Markdown,
        &options(Lang::Sv),
    );
    // The appendix lists the whole rule catalogue, which grows; it is checked below, and the
    // snapshot holds what this nämnd's documents give.
    let (body, appendix) = md.split_once("## Bilaga: regler som tillämpats").unwrap();
    let catalogue = ikp_lint::rules::registry().len();
    let body = body.replace(
        &format!("- Regler: {catalogue} av {catalogue} regler i katalogen tillämpade"),
        "- Regler: alla regler i katalogen tillämpade",
    );
    insta::assert_snapshot!("rapport_sv", body);
    // The appendix lists exactly the rules that fired, compactly.
    let report = checked(&[FIXTURE]);
    for rule in ikp_lint::rules::registry() {
        let m = rule.meta();
        let fired = report.findings.iter().any(|f| f.rule == m.code);
        assert_eq!(
            appendix.contains(&format!("\n| {} | ", m.code)),
            fired,
            "{} in the appendix: expected {fired}",
            m.code
        );
    }
    assert!(appendix.contains(&format!(
        "{catalogue} av katalogens {catalogue} regler tillämpades; de "
    )));
}

#[test]
fn english_markdown_report() {
    let md = render(
        &checked(&[FIXTURE]),
        ReportFormat::Markdown,
        &options(Lang::En),
    );
    assert!(md.starts_with("# Audit report: internal control\n"));
    // The number of errors grows with the rule catalogue; the verdict and its reasons do not.
    assert!(md.contains("**not supported by the findings** ("));
    assert!(md.contains("1 major deviation without action)"));
    assert!(md.contains("| Likelihood ↓ Consequence → | 1 Försumbar |"));
}

#[test]
fn csv_opens_in_swedish_excel() {
    let csv = render(&checked(&[FIXTURE]), ReportFormat::Csv, &options(Lang::Sv));
    assert!(csv.starts_with('\u{FEFF}'), "no byte-order mark");
    let body = &csv['\u{FEFF}'.len_utf8()..];
    assert!(body.ends_with("\r\n"));
    assert!(!body.replace("\r\n", "").contains('\r'));

    let header = body.split("\r\n").next().unwrap();
    assert_eq!(
        header,
        "Kommun;Nämnd;År;Dokumenttyp;Fil;Rad;Kolumn;Regel;Namn;Vad regeln kontrollerar;Nivå;Meddelande;Citat;Åtgärd;Grund;Undantagen;Motivering"
    );
    // The plan's finding, its exempted finding (with a motivering holding `"` and `;`) and
    // the load error of the broken file.
    assert!(body.contains(
        "Exempelkommun;Kulturnämnden;2025;plan;tests/fixtures/rapport/kulturnamnden/2025/plan.yaml;32;9;IKP004;saknad-riskbedomning;"
    ));
    assert!(
        body.contains(";ja;\"Bedöms i \"\"nästa\"\" revision; se nämndens beslut 2025-02-01\"\r\n")
    );
    assert!(body.contains(";;;;tests/fixtures/rapport/trasig.yaml;9;18;IKP910;"));
    // A quoted YAML line is kept verbatim: `- ` and a word is text to every spreadsheet
    // (issue 11 item 8; only cells a spreadsheet would evaluate are guarded, see csv.rs).
    assert!(body.contains(";- nr: 4;"));
    assert!(!body.contains(";'- "));
    // Every record has the header's number of fields (counting separators outside quotes).
    let mut fields = 1;
    let mut quoted = false;
    let mut counts = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => fields += 1,
            '\r' if !quoted && chars.peek() == Some(&'\n') => {
                chars.next();
                counts.push(fields);
                fields = 1;
            }
            _ => {}
        }
    }
    assert!(counts.len() >= 4, "header and at least three findings");
    assert!(counts.iter().all(|&n| n == 17), "{counts:?}");
}

#[test]
fn seed_001_matrix_places_every_scored_risk() {
    let model = build(&checked(&[SEED_001]), &options(Lang::Sv));
    let plan = model.groups[0].documents[0].plan.as_ref().unwrap();
    let m = &plan.matrix;
    let cell = |s: usize, k: usize| -> Vec<i64> {
        m.cell(s, k).unwrap().risks.iter().map(|r| r.nr).collect()
    };
    assert_eq!(cell(3, 2), vec![27, 41]);
    assert_eq!(cell(3, 3), vec![30, 31, 42, 43, 51, 53, 57, 58, 62, 63]);
    assert_eq!(cell(3, 4), vec![38, 39, 55]);
    assert_eq!(cell(2, 2), vec![26, 61]);
    assert_eq!(cell(2, 3).len(), 44);
    assert_eq!(cell(2, 4), vec![8, 9, 35, 54, 59, 60, 65, 66]);
    assert_eq!(m.placed(), 69);
    assert_eq!(
        plan.unscored.iter().map(|r| r.nr).collect::<Vec<_>>(),
        vec![70]
    );
    // Zones from the profile give the printed 3 / 64 / 2.
    let zones: Vec<(&str, usize)> = m.zones.iter().map(|z| (z.name.as_str(), z.risks)).collect();
    assert_eq!(zones, vec![("Kritisk", 3), ("Medium", 64), ("Låg", 2)]);
    // Risk 31 has RV 9 (the threshold) and "Nej, endast VoR": the one left out of the plan.
    assert_eq!(
        plan.outside_plan.iter().map(|r| r.nr).collect::<Vec<_>>(),
        vec![31]
    );
    let in_plan: Vec<i64> = m
        .cells
        .iter()
        .flatten()
        .flat_map(|c| c.risks.iter().filter(|r| r.in_plan).map(|r| r.nr))
        .collect();
    assert_eq!(in_plan.len(), 12);
    assert!(!in_plan.contains(&31));
}

#[test]
fn a_report_over_no_documents_says_so() {
    let empty = tempfile::tempdir().unwrap();
    let report = checked(&[empty.path().to_str().unwrap()]);
    let html = render(&report, ReportFormat::Html, &options(Lang::Sv));
    assert!(html.contains("Inga dokument hittades. Rapporten omfattar alltså ingenting"));
    let md = render(&report, ReportFormat::Markdown, &options(Lang::Sv));
    assert!(md.contains("**Inga dokument hittades."));
}

#[test]
fn documents_that_do_not_load_are_listed_with_their_errors() {
    let html = render(&checked(&[FIXTURE]), ReportFormat::Html, &options(Lang::Sv));
    let failed = html.find("Dokument som inte kunde läsas in").unwrap();
    let broken = html.find("tests/fixtures/rapport/trasig.yaml").unwrap();
    assert!(broken > failed);
    assert!(html.contains("«sannolikhet» ska vara ett heltal, men är text («tre»)"));
}

#[test]
fn judgement_not_supported_by_the_findings() {
    let model = build(&checked(&[FIXTURE]), &options(Lang::Sv));
    let row = &model.overview[0];
    assert_eq!(row.committee, "Kulturnämnden");
    assert_eq!(row.support.short(Lang::Sv), "stöds inte av fynden");
    let reasons = row.support.reasons(Lang::Sv);
    assert!(reasons[0].ends_with(" fel kvarstår"), "{reasons:?}");
    assert_eq!(reasons[1], "1 större avvikelse utan åtgärd");
}

#[test]
fn five_thousand_findings_collapse_per_rule() {
    let mut plan =
        String::from("typ: plan\nkommun: Storstad\nnämnd: Stora nämnden\når: 2025\nrisker:\n");
    for nr in 1..=5000 {
        plan.push_str(&format!(
            "  - nr: {nr}\n    händelse: \"Händelse {nr} med en mycket lång text som måste radbrytas {}\"\n",
            "ord ".repeat(40)
        ));
    }
    let report = check_sources(vec![(PathBuf::from("stor/plan.yaml"), plan)], None).unwrap();
    // One IKP004 per unscored risk; plan-level rules (adoption date, irregularity risk) add theirs.
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule == "IKP004")
            .count(),
        5000
    );
    let html = render(&report, ReportFormat::Html, &options(Lang::Sv));
    assert!(
        html.contains("<details class=\"rule error\"><summary>"),
        "the large group starts collapsed"
    );
    assert!(html.contains("5000 fynd"));
    // The list of 5,000 unscored risks under the matrix collapses too.
    assert!(html.contains("<details class=\"risks\"><summary><b>Risker utan bedömning"));
    assert_eq!(
        html.matches("<li class=\"finding\">").count(),
        report.findings.len()
    );
    assert!(html.len() < 8 * 1024 * 1024, "{} bytes", html.len());
}

fn ikp() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ikp"));
    cmd.env("IKP_REPORT_DATE", "2025-11-23");
    cmd
}

#[test]
fn cli_writes_the_report_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapport.html");
    let status = ikp()
        .args(["report", FIXTURE, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("2025-11-23"));
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "a temporary file was left behind");

    // The format follows the file name; --lang en switches the language.
    let md = dir.path().join("rapport.md");
    let status = ikp()
        .args(["report", FIXTURE, "--lang", "en", "-o"])
        .arg(&md)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .starts_with("# Audit report")
    );
}

#[test]
fn cli_refuses_a_missing_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("finns-inte").join("rapport.html");
    let result = ikp()
        .args(["report", FIXTURE, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("finns inte"), "{stderr}");
    assert!(stderr.contains("finns-inte"), "{stderr}");
    assert!(!Path::new(&out).exists());
}

#[test]
fn cli_refuses_a_malformed_report_date() {
    let result = ikp()
        .env("IKP_REPORT_DATE", "23/11/2025")
        .args(["report", FIXTURE, "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("IKP_REPORT_DATE"));
}
