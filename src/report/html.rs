//! The self-contained HTML report: one file, inline CSS, no script, no request of any kind
//! (the Content-Security-Policy forbids everything but inline styles and `data:` images).
//! Every dynamic text goes through [`Markup::text`], which escapes it.

use super::escape::Markup;
use super::model::{
    AuditReport, CommitteeGroup, Counts, DocumentSection, FindingView, FollowUpView, PlanView,
    RiskRef, RuleGroup, SectionKind, Support, for_auditors, judgement_name,
};
use super::{kind_name, svg, words};
use crate::finding::{Lang, Severity};
use crate::outcome::Outcome;

/// Rule groups with more findings than this start collapsed, so a report with thousands of
/// findings stays readable; the summary line still says how many there are.
const OPEN_LIMIT: usize = 20;

const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE: &str = r#"
:root{--ink:#1d2433;--muted:#5b6475;--line:#d8dde6;--soft:#f4f6f9;--accent:#1f4e79;
--err:#b42318;--err-bg:#fdecea;--warn:#8a5a00;--warn-bg:#fff4d6;--info:#1f5d99;--info-bg:#e8f1fb;--ok:#1e6b3a;--ok-bg:#e6f4ea}
*{box-sizing:border-box}
html{background:#e9ecf1}
body{margin:0;color:var(--ink);font:15px/1.5 system-ui,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif}
main{max-width:1060px;margin:24px auto;background:#fff;padding:40px 56px 48px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1,h2,h3,h4{line-height:1.25;color:var(--accent);margin:1.4em 0 .5em}
h1{font-size:30px;margin:.2em 0 .3em;color:var(--ink)}
h2{font-size:23px;border-bottom:2px solid var(--accent);padding-bottom:4px}
h3{font-size:19px}
h4{font-size:16px;color:var(--ink)}
p,td,th,li,dd,summary{overflow-wrap:break-word}
code{white-space:nowrap}
.msg code,.help code,.related code{white-space:normal;background:var(--soft);border-radius:3px;padding:0 3px}
th{hyphens:auto}
a{color:var(--accent)}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--muted);font-weight:600}
.lede{color:var(--muted);margin:0 0 18px}
.cover{border-bottom:1px solid var(--line);padding-bottom:18px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0 18px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px;background:var(--soft)}
.card b{display:block;font-size:24px;line-height:1.2}
.card span{font-size:13px;color:var(--muted)}
.card.err b{color:var(--err)}.card.warn b{color:var(--warn)}.card.info b{color:var(--info)}
dl.scope{display:grid;grid-template-columns:130px 1fr;gap:6px 16px;margin:0}
dl.scope dt{font-weight:600;color:var(--muted)}
dl.scope dd{margin:0}
.profile+.profile{margin-top:6px}
ol.doclist{margin:0;padding-left:20px}
.path,code,.where{font-family:"DejaVu Sans Mono",Consolas,Menlo,monospace;font-size:12.5px}
.path,.where{color:var(--muted);overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:14px}
th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.zero{color:#a0a7b4}
td.n.err{color:var(--err);font-weight:700}td.n.warn{color:var(--warn);font-weight:700}
.sub{display:block;font-size:12px;color:var(--muted)}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid transparent}
.badge.error,.badge.neg{background:var(--err-bg);color:var(--err);border-color:#f5c2bd}
.badge.warning{background:var(--warn-bg);color:var(--warn);border-color:#f0d99a}
.badge.info{background:var(--info-bg);color:var(--info);border-color:#bcd5f0}
.badge.pos{background:var(--ok-bg);color:var(--ok);border-color:#b7dcc3}
.badge.neutral{background:var(--soft);color:var(--muted);border-color:var(--line)}
td .badge{white-space:normal}
@media (max-width:1100px){main{margin:0 auto;padding:28px 28px 36px}}
ul.reasons{margin:4px 0 0;padding-left:18px;font-size:12.5px;color:var(--err)}
section.committee{margin-top:36px}
.committee-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 14px;border-bottom:2px solid var(--accent);margin:0 0 10px}
.committee-head h2{border:0;margin:.6em 0 .2em;padding:0}
article.document{border-top:1px solid var(--line);margin-top:22px;padding-top:4px}
.committee-head+article.document{border-top:0;margin-top:0}
article.document h3{margin-bottom:2px}
.doc-counts{margin:6px 0 10px;display:flex;flex-wrap:wrap;gap:6px}
figure.matrix{margin:10px 0 6px;padding:14px 12px 8px;border:1px solid var(--line);border-radius:8px;background:#fcfcfd}
figure.matrix svg{display:block;max-width:100%;height:auto;margin:0 auto}
figcaption{font-size:13px;color:var(--muted);margin-top:6px}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center;margin-top:4px}
.swatch{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin-right:5px;border:1px solid rgba(0,0,0,.15)}
.ikp-sample{font-weight:700;text-decoration:underline;color:var(--ink)}
svg.risk-matrix text{font-family:system-ui,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;fill:#1d2433}
svg.risk-matrix .axis{font-size:13px;font-weight:700;fill:#3b4456}
svg.risk-matrix .level{font-size:11.5px;fill:#3b4456}
svg.risk-matrix rect{stroke:#fff;stroke-width:2}
svg.risk-matrix .empty rect{fill-opacity:.45}
svg.risk-matrix .count{font-size:17px;font-weight:700}
svg.risk-matrix .rv{font-size:10px;fill:#4a5263}
svg.risk-matrix .nrs{font-size:11.5px;fill:#4a5263}
svg.risk-matrix .ikp{font-weight:700;text-decoration:underline;fill:#111827}
svg.risk-matrix .threshold{fill:none;stroke:#1d2433;stroke-width:2.5;stroke-dasharray:7 4;stroke-linecap:square}
.threshold-sample{display:inline-block;width:26px;border-top:2.5px dashed #1d2433;vertical-align:middle;margin-right:6px}
p.none{color:var(--muted);font-style:italic}
p.outcomes .badge{margin:2px 0}
details.risks{margin:10px 0}
details.risks>summary{cursor:pointer}
table.planned td:first-child,table.outside td:first-child{width:3.5em}
details.rule{border:1px solid var(--line);border-left:5px solid var(--line);border-radius:6px;margin:8px 0;background:#fff}
details.rule.error{border-left-color:var(--err)}details.rule.warning{border-left-color:#d89b00}details.rule.info{border-left-color:var(--info)}
details.rule>summary{cursor:pointer;padding:7px 12px;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline;background:var(--soft);border-radius:0 6px 6px 0}
details.rule[open]>summary{border-bottom:1px solid var(--line)}
summary .code{font-weight:700;font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:13px}
summary .rtitle{font-weight:600;flex:1 1 300px}
summary .n{color:var(--muted);font-size:13px}
.rule-body{padding:4px 14px 8px}
.basis{font-size:13.5px;color:var(--muted);margin:6px 0}
ol.findings{margin:0;padding-left:22px}
li.finding{padding:6px 0;border-bottom:1px dashed var(--line)}
li.finding:last-child{border-bottom:0}
.msg{margin:0;font-weight:500}
.where{color:var(--muted);margin:2px 0}
pre.quote{margin:4px 0;padding:6px 10px;background:var(--soft);border-radius:4px;font:12.5px/1.45 "DejaVu Sans Mono",Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
pre.quote .qline{display:block;padding-left:3.6em;text-indent:-3.6em}
pre.quote .ln{color:#98a0ae;user-select:none;display:inline-block;min-width:3.6em;text-indent:0}
mark{background:#ffe58a;padding:0 1px}
.help,.related{font-size:13.5px;margin:2px 0}
.help b{color:var(--ok)}
.notes{background:var(--info-bg);border-radius:6px;padding:8px 14px;font-size:14px}
.notes ul{margin:4px 0;padding-left:18px}
.failed{border:2px solid #f5c2bd;border-radius:8px;padding:4px 18px 10px;background:#fffafa}
.empty-report{font-size:17px;padding:14px 18px;border:2px dashed var(--line);border-radius:8px;background:var(--soft)}
table.occasions{font-size:13px;table-layout:fixed}
table.occasions th:nth-child(1){width:19%}table.occasions th:nth-child(2){width:8%;hyphens:none}
table.occasions th:nth-child(3){width:10%}table.occasions th:nth-child(4){width:42%}
table.occasions td.ctl{font-weight:600;hyphens:auto}
table.occasions td.ctl .sub{font-weight:400}
table.occasions tr.first td{border-top:2px solid #b9c1ce}
.st{font-weight:600}.st.neg{color:var(--err)}.st.warn{color:var(--warn)}.st.pos{color:var(--ok)}.st.none{color:var(--muted);font-style:italic;font-weight:400}
.act{display:block}.act+.act{margin-top:3px}
.facts{margin:6px 0 10px}.facts p{margin:4px 0}
.full-comments{font-size:12.5px}.full-comments dt{font-weight:600;margin-top:6px}.full-comments dd{margin:0 0 0 1em;white-space:pre-wrap}
.more{font-size:12px;white-space:nowrap}
ol.findings .where{display:inline;margin-left:6px}
li.config-error{white-space:pre-wrap;font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12.5px}
footer{margin-top:36px;padding-top:10px;border-top:1px solid var(--line);font-size:12.5px;color:var(--muted)}
@page{size:A4;margin:12mm 12mm 14mm}
@media print{
html{background:#fff}
body{font-size:8.5pt;line-height:1.3}
main{max-width:none;margin:0;padding:0;box-shadow:none}
a{color:inherit;text-decoration:none}
section.committee{margin-top:18px}
h2,h3,h4{break-after:avoid}
figure.matrix,li.finding,.cards,dl.scope,tr,details.rule>summary{break-inside:avoid}
table.overview,table.outside,table.exempted{break-inside:avoid}
details.rule{break-inside:auto}
details::details-content{content-visibility:visible;display:block}
details.rule>summary{list-style:none}
.card{background:#fff}
main table,main table.occasions{font-size:7pt;margin:3px 0 6px;line-height:1.25}
figure.matrix{padding:6px;margin:4px 0}
figure.matrix svg{max-height:72mm;width:auto}
th,td{padding:2px 5px}
li.finding{padding:0;font-size:7.5pt;border:0;line-height:1.25}
.related{font-size:8pt;margin:0}
ol.findings.many{columns:2;column-gap:18px}
.where,.related .where{font-size:6.5pt}
ol.findings.many li.finding{break-inside:avoid}
h2{font-size:14pt;margin:.6em 0 .3em}h3{font-size:12pt;margin:.5em 0 .2em}h4{font-size:10pt;margin:.6em 0 .2em}
section.committee{margin-top:8px}article.document{margin-top:8px}.doc-counts{margin:2px 0 4px}
.notes{font-size:7.5pt;padding:3px 10px}.path{font-size:7.5pt}.cover{padding-bottom:8px}.lede{margin:0 0 8px}
figure.matrix figcaption{font-size:7.5pt}
footer{margin-top:4px;padding-top:2px;font-size:7pt}
.facts p{margin:2px 0;font-size:8.5pt}
.basis{font-size:8pt;margin:2px 0}
details.rule{margin:4px 0}details.rule>summary{padding:3px 8px}.rule-body{padding:2px 8px 4px}
h1{font-size:20pt}.card b{font-size:16pt}.card{padding:4px 10px}
/* On paper the comments are shortened; the HTML file keeps the full texts. */
.full-comments,h4.full,.more{display:none}
/* The control activities are in the follow-up's table; on paper the plan names the controls. */
table.planned .activity{display:none}
table.planned br{display:none}
section#dokument{display:none}
table.occasions td.ctl{font-weight:400}
}
"#;

/// Render the report as one HTML document.
pub fn render(r: &AuditReport) -> String {
    let lang = r.lang;
    let mut m = Markup::new();
    m.raw("<!DOCTYPE html>\n<html lang=\"")
        .raw(match lang {
            Lang::Sv => "sv",
            Lang::En => "en",
        })
        .raw("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .open(
            "meta",
            &[("http-equiv", "Content-Security-Policy"), ("content", CSP)],
        )
        .raw("\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .open(
            "meta",
            &[
                ("name", "generator"),
                ("content", &format!("ikp {}", r.scope.version)),
            ],
        )
        .raw("\n<title>")
        .text(&format!("{} – {}", words::TITLE.get(lang), r.scope.date))
        .raw("</title>\n<style>")
        .raw(STYLE)
        .raw("</style>\n</head>\n<body>\n<main>\n");

    cover(&mut m, r);
    overview(&mut m, r);
    recurring(&mut m, r);
    failed(&mut m, r);
    for g in &r.groups {
        committee(&mut m, g, lang);
    }
    appendix(&mut m, r);

    m.raw("<footer>")
        .text(&format!(
            "{} · ikp {} · {}",
            words::TITLE.get(lang),
            r.scope.version,
            r.scope.date
        ))
        .raw("</footer>\n</main>\n</body>\n</html>\n");
    m.finish()
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn card(m: &mut Markup, class: &'static str, n: usize, label: &str) {
    m.open("div", &[("class", class)])
        .raw("<b>")
        .num(n)
        .raw("</b><span>")
        .text(label)
        .raw("</span></div>");
}

fn cover(m: &mut Markup, r: &AuditReport) {
    let lang = r.lang;
    let s = &r.scope;
    m.raw("<header class=\"cover\">\n<div class=\"kicker\">")
        .text(words::KICKER.get(lang))
        .raw("</div>\n<h1>")
        .text(words::TITLE.get(lang))
        .raw("</h1>\n<p class=\"lede\">")
        .text(words::SCOPE_NOTE.get(lang))
        .raw("</p>\n");

    m.raw("<div class=\"cards\">");
    card(m, "card err", s.totals.errors, words::ERRORS.get(lang));
    card(m, "card warn", s.totals.warnings, words::WARNINGS.get(lang));
    card(m, "card info", s.totals.infos, words::INFOS.get(lang));
    card(m, "card", s.totals.exempted, words::EXEMPTED.get(lang));
    card(m, "card", s.documents.len(), words::DOCUMENTS.get(lang));
    m.raw("</div>\n");

    if s.documents.is_empty() {
        m.raw("<p class=\"empty-report\">")
            .text(words::NO_DOCUMENTS.get(lang))
            .raw("</p>\n");
    }

    m.raw("<dl class=\"scope\">\n");
    m.el("dt", &[], words::DATE.get(lang))
        .el("dd", &[], &s.date)
        .el("dt", &[], words::TOOL.get(lang))
        .el("dd", &[], &format!("ikp {}", s.version));
    m.el("dt", &[], words::PROFILES.get(lang)).raw("<dd>");
    if s.profiles.is_empty() {
        m.text("—");
    }
    for p in &s.profiles {
        m.raw("<div class=\"profile\"><b>")
            .text(&p.name)
            .raw("</b>");
        if let Some(config) = &p.config {
            m.raw(" <span class=\"path\">").text(config).raw("</span>");
        }
        m.raw("<span class=\"sub\">")
            .text(&super::profile_summary(p, lang))
            .raw("</span></div>");
    }
    m.raw("</dd>\n");
    let applied = r.rules.iter().filter(|a| a.off_in.is_empty()).count();
    m.el("dt", &[], words::RULES.get(lang))
        .raw("<dd>")
        .text(&match lang {
            Lang::Sv => format!(
                "{applied} av {} regler i katalogen tillämpade",
                r.rules.len()
            ),
            Lang::En => format!(
                "{applied} of the catalogue's {} rules applied",
                r.rules.len()
            ),
        });
    m.raw(" (<a href=\"#bilaga\">")
        .text(words::APPENDIX_RULES.get(lang))
        .raw("</a>)</dd>\n");
    m.el("dt", &[], words::DOCUMENTS.get(lang)).raw("<dd>");
    m.text(&super::documents_summary(r));
    if !s.documents.is_empty() {
        m.raw(" (<a href=\"#dokument\">")
            .text(words::APPENDIX_DOCUMENTS.get(lang))
            .raw("</a>)");
    }
    m.raw("</dd>\n</dl>\n</header>\n");
}

fn num_cell(m: &mut Markup, n: usize, class: &'static str) {
    let class = if n == 0 { "n zero" } else { class };
    m.open("td", &[("class", class)]).num(n).raw("</td>");
}

fn overview(m: &mut Markup, r: &AuditReport) {
    let lang = r.lang;
    if r.overview.is_empty() {
        return;
    }
    m.raw("<section id=\"oversikt\">\n<h2>")
        .text(words::OVERVIEW.get(lang))
        .raw("</h2>\n<table class=\"overview\"><thead><tr>");
    for h in [
        words::COMMITTEE,
        words::YEAR,
        words::DOCUMENTS,
        words::ERRORS,
        words::WARNINGS,
        words::INFOS,
        words::EXEMPTED,
        words::JUDGEMENT,
        words::SUPPORT,
    ] {
        m.el("th", &[], h.get(lang));
    }
    m.raw("</tr></thead><tbody>\n");
    for row in &r.overview {
        m.raw("<tr><td><a href=\"#")
            .text(&row.anchor)
            .raw("\">")
            .text(&row.committee)
            .raw("</a>");
        if let Some(muni) = &row.municipality {
            m.raw("<span class=\"sub\">").text(muni).raw("</span>");
        }
        m.raw("</td><td class=\"n\">")
            .num(row.year)
            .raw("</td><td>");
        let kinds: Vec<&str> = row
            .kinds
            .iter()
            .map(|k| super::kind_short(*k, lang))
            .collect();
        m.text(&kinds.join(", ")).raw("</td>");
        num_cell(m, row.counts.errors, "n err");
        num_cell(m, row.counts.warnings, "n warn");
        num_cell(m, row.counts.infos, "n");
        num_cell(m, row.counts.exempted, "n");
        m.raw("<td>");
        match row.judgement {
            Some(j) => m.text(judgement_name(j, lang)),
            None => m.text("—"),
        };
        m.raw("</td><td>");
        let class = match row.support {
            Support::NotSupported { .. } => "badge neg",
            Support::Supported
            | Support::SupportedWithWarnings { .. }
            | Support::SupportedWithExemptions { .. } => "badge pos",
            _ => "badge neutral",
        };
        if row.support == Support::NoFollowUp {
            m.text("—");
        } else {
            m.el("span", &[("class", class)], &row.support.short(lang));
        }
        let reasons = row.support.reasons(lang);
        if !reasons.is_empty() {
            m.raw("<ul class=\"reasons\">");
            for reason in reasons {
                m.el("li", &[], &reason);
            }
            m.raw("</ul>");
        }
        m.raw("</td></tr>\n");
    }
    m.raw("</tbody></table>\n</section>\n");
}

fn recurring(m: &mut Markup, r: &AuditReport) {
    let lang = r.lang;
    if r.scope.documents.is_empty() {
        return;
    }
    m.raw("<section id=\"aterkommande\">\n<h2>")
        .text(words::RECURRING.get(lang))
        .raw("</h2>\n");
    if r.recurring.rules.is_empty() {
        m.raw("<p class=\"none\">")
            .text(words::NO_RECURRING.get(lang))
            .raw("</p>\n</section>\n");
        return;
    }
    m.raw("<table class=\"recurring\"><thead><tr>");
    for h in [
        words::RULE,
        words::RULE_TITLE,
        words::COMMITTEES,
        words::FINDINGS,
    ] {
        m.el("th", &[], h.get(lang));
    }
    m.raw("</tr></thead><tbody>\n");
    for rr in &r.recurring.rules {
        m.raw("<tr><td><code>")
            .text(rr.rule.code)
            .raw("</code></td><td>")
            .text(rr.rule.title)
            .raw("</td><td><b>")
            .text(&match lang {
                Lang::Sv => format!("{} av {}", rr.committees.len(), r.recurring.committees),
                Lang::En => format!("{} of {}", rr.committees.len(), r.recurring.committees),
            })
            .raw("</b><span class=\"sub\">")
            .text(&rr.committees.join(", "))
            .raw("</span></td>");
        num_cell(m, rr.findings, "n");
        m.raw("</tr>\n");
    }
    m.raw("</tbody></table>\n</section>\n");
}

fn failed(m: &mut Markup, r: &AuditReport) {
    let lang = r.lang;
    if r.failed.is_empty() && r.config_errors.is_empty() {
        return;
    }
    m.raw("<section id=\"ej-inlasta\" class=\"failed\">\n<h2>")
        .text(words::FAILED.get(lang))
        .raw("</h2>\n<p>")
        .text(words::FAILED_INTRO.get(lang))
        .raw("</p>\n");
    if !r.config_errors.is_empty() {
        m.raw("<h3>")
            .text(words::CONFIG_ERRORS.get(lang))
            .raw("</h3><ul>");
        // The message is followed by the file's line with a caret: keep its layout.
        for e in &r.config_errors {
            m.el("li", &[("class", "config-error")], e);
        }
        m.raw("</ul>\n");
    }
    for f in &r.failed {
        m.open("article", &[("class", "document"), ("id", &f.anchor)])
            .raw("<h3 class=\"path\">")
            .text(&f.file)
            .raw("</h3>\n");
        for g in &f.findings {
            rule_group(m, g, lang);
        }
        m.raw("</article>\n");
    }
    m.raw("</section>\n");
}

fn committee(m: &mut Markup, g: &CommitteeGroup, lang: Lang) {
    m.open("section", &[("class", "committee"), ("id", &g.anchor)])
        .raw("\n<div class=\"committee-head\"><h2>")
        .text(&g.name)
        .raw("</h2>");
    counts_badges(m, &g.counts, lang);
    m.raw("</div>\n");
    for d in &g.documents {
        document(m, d, &g.name, lang);
    }
    m.raw("</section>\n");
}

fn counts_badges(m: &mut Markup, c: &Counts, lang: Lang) {
    m.raw("<div class=\"doc-counts\">");
    if c.findings() == 0 && c.exempted == 0 {
        m.el(
            "span",
            &[("class", "badge pos")],
            words::NO_FINDINGS.get(lang),
        );
    }
    for (n, class, sv, en) in [
        (c.errors, "badge error", ("fel", "fel"), ("error", "errors")),
        (
            c.warnings,
            "badge warning",
            ("varning", "varningar"),
            ("warning", "warnings"),
        ),
        (c.infos, "badge info", ("info", "info"), ("info", "info")),
        (
            c.exempted,
            "badge neutral",
            ("undantag", "undantag"),
            ("exempted", "exempted"),
        ),
    ] {
        if n > 0 {
            m.el("span", &[("class", class)], &words::count(lang, n, sv, en));
        }
    }
    m.raw("</div>");
}

fn document(m: &mut Markup, d: &DocumentSection, committee: &str, lang: Lang) {
    m.open("article", &[("class", "document"), ("id", &d.anchor)])
        .raw("\n<h3>")
        .text(&format!("{} {}", kind_name(d.kind, lang), d.year))
        .raw("</h3>\n<div class=\"path\">")
        .text(&d.file)
        .raw("</div>\n");
    counts_badges(m, &d.counts, lang);
    m.raw("\n");

    if let Some(plan) = &d.plan {
        m.raw("<p class=\"facts\"><b>")
            .text(words::ADOPTED.get(lang))
            .raw(":</b> ");
        match &d.adopted {
            Some(date) => m.text(date),
            None => m.el(
                "span",
                &[("class", "badge neg")],
                words::NOT_STATED.get(lang),
            ),
        };
        m.raw("</p>\n");
        plan_view(m, plan, &format!("{committee} {}", d.year), &d.file, lang);
    }
    if let Some(outcomes) = &d.outcomes {
        let (head, parts) = super::outcome_parts(outcomes, lang);
        m.raw("<p class=\"outcomes\"><b>")
            .text(words::OUTCOMES.get(lang))
            .raw(":</b> ")
            .text(&head);
        for (part, bad) in parts {
            m.raw(" ").el(
                "span",
                &[("class", if bad { "badge neg" } else { "badge neutral" })],
                &part,
            );
        }
        m.raw("</p>\n");
    }
    if let Some(fu) = &d.follow_up {
        follow_up(m, fu, lang);
    }

    if !d.findings.is_empty() {
        m.raw("<h4>").text(words::FINDINGS.get(lang)).raw("</h4>\n");
    }
    for g in &d.findings {
        rule_group(m, g, lang);
    }

    if !d.exempted.is_empty() {
        m.raw("<h4>")
            .text(words::EXEMPTIONS.get(lang))
            .raw("</h4>\n");
        m.raw("<table class=\"exempted\"><thead><tr>");
        for h in [words::RULE, words::MESSAGE, words::JUSTIFICATION] {
            m.el("th", &[], h.get(lang));
        }
        m.raw("</tr></thead><tbody>\n");
        for e in &d.exempted {
            m.raw("<tr><td><code>")
                .text(e.rule.code)
                .raw("</code><span class=\"sub\">")
                .text(e.rule.title)
                .raw("</span></td><td>")
                .text(&e.finding.message)
                .raw("<span class=\"sub where\">")
                .text(&format!("{}:{}", e.finding.at.file, e.finding.at.line))
                .raw("</span></td><td>")
                .text(&e.justification)
                .raw("<span class=\"sub where\">")
                .text(&format!(
                    "{} {}:{}",
                    words::EXEMPTION_AT.get(lang),
                    e.exemption_at.file,
                    e.exemption_at.line
                ))
                .raw("</span></td></tr>\n");
        }
        m.raw("</tbody></table>\n");
    }

    if !d.notes.is_empty() {
        m.raw("<div class=\"notes\"><b>")
            .text(words::NOTES.get(lang))
            .raw("</b><ul>");
        for n in &d.notes {
            m.el("li", &[], n);
        }
        m.raw("</ul></div>\n");
    }
    if let Some(fu) = d.follow_up.as_ref().filter(|f| !f.full_comments.is_empty()) {
        m.raw("<h4 class=\"full\">")
            .text(words::FULL_COMMENTS.get(lang))
            .raw("</h4>\n<dl class=\"full-comments\">");
        for c in &fu.full_comments {
            m.open("dt", &[("id", &c.anchor)])
                .text(format!("{} {}", c.control, c.period).trim())
                .raw("</dt>")
                .el("dd", &[], &c.text);
        }
        m.raw("</dl>\n");
    }
    m.raw("</article>\n");
}

fn status_class(outcome: Option<Outcome>) -> &'static str {
    match outcome {
        Some(Outcome::MajorDeviation | Outcome::NotPerformed) => "st neg",
        Some(Outcome::MinorDeviation | Outcome::InProgress) => "st warn",
        Some(Outcome::NoDeviation) => "st pos",
        None => "st",
    }
}

/// The judgement and texts of a follow-up, a row per control and occasion, open actions.
fn follow_up(m: &mut Markup, fu: &FollowUpView, lang: Lang) {
    m.raw("<div class=\"facts\">");
    m.raw("<p><b>")
        .text(words::JUDGEMENT.get(lang))
        .raw(":</b> ");
    match fu.judgement {
        Some(j) => m.text(judgement_name(j, lang)),
        None => m.el(
            "span",
            &[("class", "badge neg")],
            words::NOT_STATED.get(lang),
        ),
    };
    m.raw("</p>");
    for (kind, value, anchor) in &fu.sections {
        let label = match kind {
            SectionKind::Analysis => words::ANALYSIS,
            SectionKind::Conclusions => words::CONCLUSIONS,
            SectionKind::Actions => words::DOC_ACTIONS,
        };
        m.raw("<p><b>").text(label.get(lang)).raw(":</b> ");
        match value {
            Some(t) => m.text(t),
            None => m.el("span", &[("class", "st none")], words::NOT_STATED.get(lang)),
        };
        if let Some(a) = anchor {
            m.raw(" ")
                .open("a", &[("class", "more"), ("href", &format!("#{a}"))])
                .text(words::READ_ALL.get(lang))
                .raw("</a>");
        }
        m.raw("</p>");
    }
    m.raw("</div>\n");
    if fu.rows.is_empty() {
        return;
    }
    m.raw("<h4>")
        .text(words::PER_CONTROL.get(lang))
        .raw("</h4>\n<table class=\"occasions\"><thead><tr>");
    for h in [
        words::CONTROL,
        words::OCCASION,
        words::STATUS,
        words::COMMENT,
        words::ACTIONS,
    ] {
        m.el("th", &[], h.get(lang));
    }
    m.raw("</tr></thead><tbody>\n");
    for row in &fu.rows {
        m.raw(if row.first_of_control {
            "<tr class=\"first\"><td class=\"ctl\">"
        } else {
            "<tr><td class=\"ctl\">"
        });
        if row.first_of_control {
            m.text(&row.control);
            if let Some(a) = &row.activity {
                m.raw("<span class=\"sub\">").text(a).raw("</span>");
            }
        }
        m.raw("</td><td>").text(&row.period).raw("</td><td>");
        match &row.status {
            Some(st) => m.el("span", &[("class", status_class(row.outcome))], st),
            None => m.el("span", &[("class", "st none")], words::NO_STATUS.get(lang)),
        };
        m.raw("</td><td>");
        if let Some(c) = &row.comment {
            m.text(c);
            if let Some(a) = &row.comment_anchor {
                m.raw(" ")
                    .open("a", &[("class", "more"), ("href", &format!("#{a}"))])
                    .text(words::READ_ALL.get(lang))
                    .raw("</a>");
            }
        }
        m.raw("</td><td>");
        for a in &row.actions {
            m.raw("<span class=\"act\">").text(&a.text);
            if let Some(st) = &a.status {
                let class = match a.closed {
                    Some(true) => "st pos",
                    _ => "st warn",
                };
                m.raw(" (").el("span", &[("class", class)], st).raw(")");
            }
            m.raw("</span>");
        }
        m.raw("</td></tr>\n");
    }
    m.raw("</tbody></table>\n");

    m.raw("<h4>")
        .text(words::OPEN_ACTIONS.get(lang))
        .raw("</h4>\n");
    if fu.open_actions.is_empty() {
        m.raw("<p class=\"none\">")
            .text(if fu.actions_total == 0 {
                words::NO_ACTIONS.get(lang)
            } else {
                words::NO_OPEN_ACTIONS.get(lang)
            })
            .raw("</p>\n");
        return;
    }
    m.raw("<table class=\"open-actions\"><thead><tr>");
    for h in [
        words::CONTROL,
        words::ACTION,
        words::RESPONSIBLE,
        words::END_DATE,
        words::STATUS,
    ] {
        m.el("th", &[], h.get(lang));
    }
    m.raw("</tr></thead><tbody>\n");
    for a in &fu.open_actions {
        m.raw("<tr><td>")
            .text(&format!("{} {}", a.control, a.period))
            .raw("</td><td>")
            .text(&a.action)
            .raw("</td><td>")
            .text(a.responsible.as_deref().unwrap_or("—"))
            .raw("</td><td>")
            .text(a.end_date.as_deref().unwrap_or("—"))
            .raw("</td><td>")
            .text(a.status.as_deref().unwrap_or(words::NO_STATUS.get(lang)))
            .raw("</td></tr>\n");
    }
    m.raw("</tbody></table>\n");
}

fn plan_view(m: &mut Markup, p: &PlanView, label: &str, file: &str, lang: Lang) {
    let mx = &p.matrix;
    m.raw("<h4>").text(words::MATRIX.get(lang)).raw("</h4>\n");
    m.raw("<figure class=\"matrix\">");
    m.append(svg::matrix(mx, label, file, lang));
    m.raw("<figcaption><div class=\"legend\">");
    for (i, z) in mx.zones.iter().enumerate() {
        let style = format!("background:{}", svg::zone_fill(i, mx.zones.len()));
        m.raw("<span>")
            .open("span", &[("class", "swatch"), ("style", &style)])
            .raw("</span>")
            .text(&format!(
                "{} (RV ≥ {}): {}",
                z.name,
                z.min_rv,
                words::risks(lang, z.risks)
            ))
            .raw("</span>");
    }
    m.raw("</div><div class=\"legend\"><span><span class=\"ikp-sample\">12</span> ")
        .text(words::LEGEND_IKP.get(lang))
        .raw("</span><span><span class=\"threshold-sample\"></span>")
        .text(&format!(
            "{}: RV ≥ {}.",
            words::THRESHOLD.get(lang),
            p.threshold
        ))
        .raw("</span></div></figcaption></figure>\n");

    outside_plan(m, p, lang);
    risk_list(m, &p.unscored, words::UNSCORED.get(lang), lang);
    risk_list(m, &p.off_scale, words::OFF_SCALE.get(lang), lang);
    planned(m, p, lang);
}

fn outside_plan(m: &mut Markup, p: &PlanView, lang: Lang) {
    m.raw("<h4>")
        .text(words::OUTSIDE_PLAN.get(lang))
        .raw("</h4>\n");
    if p.outside_plan.is_empty() {
        m.raw("<p class=\"none\">")
            .text(&match lang {
                Lang::Sv => format!(
                    "Inga: alla risker med riskvärde {} eller högre ingår i planen.",
                    p.threshold
                ),
                Lang::En => format!(
                    "None: every risk with a risk value of {} or more is in the plan.",
                    p.threshold
                ),
            })
            .raw("</p>\n");
        return;
    }
    m.raw("<table class=\"outside\"><thead><tr>");
    for h in [
        words::NR,
        words::EVENT,
        words::S,
        words::K,
        words::RV,
        words::JUSTIFICATION,
    ] {
        m.el("th", &[], h.get(lang));
    }
    m.raw("</tr></thead><tbody>\n");
    for r in &p.outside_plan {
        m.raw("<tr><td class=\"n\">").num(r.nr).raw("</td><td>");
        m.text(r.event.as_deref().unwrap_or("—")).raw("</td>");
        opt_num(m, r.likelihood);
        opt_num(m, r.consequence);
        opt_num(m, r.rv);
        m.raw("<td>");
        match &r.justification {
            Some(j) => m.text(j),
            None => m.el(
                "span",
                &[("class", "badge neg")],
                words::NO_JUSTIFICATION.get(lang),
            ),
        };
        m.raw("</td></tr>\n");
    }
    m.raw("</tbody></table>\n");
}

fn planned(m: &mut Markup, p: &PlanView, lang: Lang) {
    if !p.planned.is_empty() {
        m.raw("<h4>").text(words::PLANNED.get(lang)).raw("</h4>\n");
        m.raw("<table class=\"planned\"><thead><tr>");
        for h in [words::NR, words::EVENT, words::RV, words::CONTROLS] {
            m.el("th", &[], h.get(lang));
        }
        m.raw("</tr></thead><tbody>\n");
        for pr in &p.planned {
            m.raw("<tr><td class=\"n\">")
                .num(pr.risk.nr)
                .raw("</td><td>");
            m.text(pr.risk.event.as_deref().unwrap_or("—")).raw("</td>");
            opt_num(m, pr.risk.rv);
            m.raw("<td>");
            if pr.controls.is_empty() {
                m.el(
                    "span",
                    &[("class", "badge neg")],
                    words::NO_CONTROL.get(lang),
                );
            }
            for (i, c) in pr.controls.iter().enumerate() {
                if i > 0 {
                    m.raw("<br>");
                }
                m.raw("<b>").text(&c.id).raw("</b>");
                if let Some(a) = &c.activity {
                    m.raw("<span class=\"activity\">")
                        .text(&format!(" – {a}"))
                        .raw("</span>");
                }
            }
            m.raw("</td></tr>\n");
        }
        m.raw("</tbody></table>\n");
    }
}

fn opt_num(m: &mut Markup, n: Option<i64>) {
    m.raw("<td class=\"n\">");
    match n {
        Some(n) => m.num(n),
        None => m.text("—"),
    };
    m.raw("</td>");
}

fn risk_list(m: &mut Markup, risks: &[RiskRef], heading: &str, lang: Lang) {
    if risks.is_empty() {
        return;
    }
    // A long list (a register where nothing is scored) starts collapsed, like a long rule group.
    let long = risks.len() > OPEN_LIMIT;
    m.raw(if long {
        "<details class=\"risks\"><summary><b>"
    } else {
        "<p><b>"
    })
    .text(heading)
    .raw(":</b> ")
    .text(&words::risks(lang, risks.len()))
    .raw(if long { "</summary>" } else { "</p>" })
    .raw("<ul class=\"risks\">");
    for r in risks {
        m.raw("<li>").text(&super::risk_line(r, lang)).raw("</li>");
    }
    m.raw(if long { "</ul></details>\n" } else { "</ul>\n" });
}

fn rule_group(m: &mut Markup, g: &RuleGroup, lang: Lang) {
    let class = match g.severity {
        Severity::Error => "rule error",
        Severity::Warning => "rule warning",
        Severity::Info => "rule info",
    };
    m.raw("<details");
    if g.findings.len() <= OPEN_LIMIT {
        m.raw(" open");
    }
    m.raw(" class=\"")
        .raw(class)
        .raw("\"><summary><span class=\"code\">")
        .text(g.rule.code)
        .raw("</span><span class=\"rtitle\">")
        .text(g.rule.title)
        .raw("</span>")
        .open(
            "span",
            &[("class", &format!("badge {}", severity_class(g.severity)))],
        )
        .text(g.severity.name(lang))
        .raw("</span><span class=\"n\">")
        .text(&words::findings(lang, g.findings.len()))
        .raw("</span></summary>\n<div class=\"rule-body\">");
    if !g.rule.basis.is_empty() {
        m.raw("<p class=\"basis\"><b>")
            .text(words::BASIS.get(lang))
            .raw(":</b> ")
            .text(&for_auditors(g.rule.basis))
            .raw("</p>");
    }
    // The fix and the quoted YAML lines are for the file's authors (`ikp check` shows them);
    // the auditor reads what is wrong and where.
    // Many findings of one rule are short lines: two columns on paper.
    m.raw(if g.findings.len() > 4 {
        "<ol class=\"findings many\">\n"
    } else {
        "<ol class=\"findings\">\n"
    });
    for f in &g.findings {
        finding(m, f, lang);
    }
    m.raw("</ol></div></details>\n");
}

fn finding(m: &mut Markup, f: &FindingView, lang: Lang) {
    m.raw("<li class=\"finding\"><span class=\"msg\">")
        .rich(&f.message)
        .raw("</span><span class=\"where\">")
        .text(&format!("{}:{}", f.at.file, f.at.line))
        .raw("</span>");
    for rel in &f.related {
        m.raw("<p class=\"related\">")
            .text(words::SEE_ALSO.get(lang))
            .raw(" <span class=\"where\">")
            .text(&format!("{}:{}", rel.file, rel.line))
            .raw("</span>");
        if !rel.message.is_empty() {
            m.text(" – ").rich(&rel.message);
        }
        m.raw("</p>");
    }
    m.raw("</li>\n");
}

fn appendix(m: &mut Markup, r: &AuditReport) {
    let lang = r.lang;
    if !r.scope.documents.is_empty() {
        m.raw("<section id=\"dokument\" class=\"appendix\">\n<h2>")
            .text(words::APPENDIX_DOCUMENTS.get(lang))
            .raw("</h2>\n<table class=\"documents\"><thead><tr>");
        for h in [words::COMMITTEE, words::KIND, words::YEAR, words::FILE] {
            m.el("th", &[], h.get(lang));
        }
        m.raw("</tr></thead><tbody>\n");
        for d in &r.scope.documents {
            m.raw("<tr><td><a href=\"#")
                .text(&d.anchor)
                .raw("\">")
                .text(&d.committee)
                .raw("</a></td><td>")
                .text(kind_name(d.kind, lang))
                .raw("</td><td class=\"n\">")
                .num(d.year)
                .raw("</td><td class=\"path\">")
                .text(&d.file)
                .raw("</td></tr>\n");
        }
        m.raw("</tbody></table>\n</section>\n");
    }
    m.raw("<section id=\"bilaga\" class=\"appendix rules\">\n<h2>")
        .text(words::APPENDIX_RULES.get(lang))
        .raw("</h2>\n<p>")
        .text(&super::rules_note(r))
        .raw("</p>\n");
    let fired: Vec<_> = r.rules.iter().filter(|a| a.findings > 0).collect();
    if fired.is_empty() {
        m.raw("</section>\n");
        return;
    }
    // Compact: each rule's basis stands with its findings above.
    m.raw("<table class=\"rules\"><thead><tr>");
    for h in [
        words::RULE,
        words::RULE_TITLE,
        words::SEVERITY,
        words::FINDINGS,
    ] {
        m.el("th", &[], h.get(lang));
    }
    m.raw("</tr></thead><tbody>\n");
    for a in fired {
        m.raw("<tr><td><code>")
            .text(a.rule.code)
            .raw("</code></td><td>")
            .text(a.rule.title)
            .raw("</td><td>")
            .text(a.default_severity.name(lang))
            .raw("</td>");
        num_cell(m, a.findings, "n");
        m.raw("</tr>\n");
    }
    m.raw("</tbody></table>\n</section>\n");
}
