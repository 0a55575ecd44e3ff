//! The report as Markdown (GitHub-flavoured): the same content as the HTML, with the risk
//! matrix as a table. Document texts are escaped so that they can neither format the page nor
//! smuggle in HTML (Markdown renderers pass raw HTML through).

use std::fmt::Write;

use super::model::{
    AuditReport, DocumentSection, FindingView, FollowUpView, Matrix, PlanView, RuleGroup,
    SectionKind, Support, for_auditors, judgement_name,
};
use super::{kind_name, kind_short, profile_summary, risk_line, words};
use crate::finding::Lang;

/// Escape a text for inline Markdown (also inside table cells): HTML's special characters
/// become entities, Markdown's punctuation is backslash-escaped, line breaks become spaces.
pub fn md(text: &str) -> String {
    // Hidden characters visibly, as everywhere (a `\` it adds is escaped below).
    let text = crate::escape::visible_chars(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut last_space = false;
    for c in text.chars() {
        match c {
            '\r' | '\n' => {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
                continue;
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        last_space = c == ' ';
    }
    out
}

/// Like [`md`], but `backticked` parts (field names and values in the rules' messages) stay
/// code spans. Their content cannot hold a backtick, so a single-backtick span is safe.
pub fn md_rich(text: &str) -> String {
    super::escape::code_spans(text)
        .into_iter()
        .map(|(code, part)| {
            if code {
                let part = crate::escape::visible_chars(part).replace('\n', " ");
                // A span that starts or ends with a space is padded, as CommonMark strips one.
                if part.starts_with(' ') || part.ends_with(' ') {
                    format!("` {part} `")
                } else {
                    format!("`{part}`")
                }
            } else {
                md(part)
            }
        })
        .collect()
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(c);
        out.push_str(" |");
    }
    out.push('\n');
}

fn header(out: &mut String, cells: &[&str], numeric: &[bool]) {
    row(out, &cells.iter().map(|c| md(c)).collect::<Vec<_>>());
    out.push('|');
    for i in 0..cells.len() {
        out.push_str(if numeric.get(i).copied().unwrap_or(false) {
            " ---: |"
        } else {
            " --- |"
        });
    }
    out.push('\n');
}

pub fn render(r: &AuditReport) -> String {
    let lang = r.lang;
    let s = &r.scope;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(words::TITLE.get(lang)));
    let _ = writeln!(out, "{}\n", md(words::SCOPE_NOTE.get(lang)));

    let _ = writeln!(out, "## {}\n", md(words::SCOPE.get(lang)));
    if s.documents.is_empty() {
        let _ = writeln!(out, "**{}**\n", md(words::NO_DOCUMENTS.get(lang)));
    }
    let _ = writeln!(out, "- {}: {}", md(words::DATE.get(lang)), md(&s.date));
    let _ = writeln!(
        out,
        "- {}: ikp {}",
        md(words::TOOL.get(lang)),
        md(s.version)
    );
    for p in &s.profiles {
        let _ = writeln!(
            out,
            "- {}: **{}**{} — {}",
            md(words::PROFILES.get(lang)),
            md(&p.name),
            p.config
                .as_ref()
                .map(|c| format!(" ({})", md(c)))
                .unwrap_or_default(),
            md(&profile_summary(p, lang))
        );
    }
    let applied = r.rules.iter().filter(|a| a.off_in.is_empty()).count();
    let _ = writeln!(
        out,
        "- {}: {}",
        md(words::RULES.get(lang)),
        md(&match lang {
            Lang::Sv => format!(
                "{applied} av {} regler i katalogen tillämpade (se bilagan)",
                r.rules.len()
            ),
            Lang::En => format!(
                "{applied} of the catalogue's {} rules applied (see the appendix)",
                r.rules.len()
            ),
        })
    );
    let t = &s.totals;
    let _ = writeln!(
        out,
        "- {}: {}",
        md(words::TOTAL.get(lang)),
        md(&[
            words::count(lang, t.errors, ("fel", "fel"), ("error", "errors")),
            words::count(
                lang,
                t.warnings,
                ("varning", "varningar"),
                ("warning", "warnings")
            ),
            words::count(lang, t.infos, ("info", "info"), ("info", "info")),
            words::count(
                lang,
                t.exempted,
                ("undantaget fynd", "undantagna fynd"),
                ("exempted finding", "exempted findings")
            ),
        ]
        .join(", "))
    );
    let _ = writeln!(
        out,
        "- {}: {}",
        md(words::DOCUMENTS.get(lang)),
        md(&super::documents_summary(r))
    );
    out.push('\n');

    if !r.overview.is_empty() {
        let _ = writeln!(out, "## {}\n", md(words::OVERVIEW.get(lang)));
        header(
            &mut out,
            &[
                words::MUNICIPALITY.get(lang),
                words::COMMITTEE.get(lang),
                words::YEAR.get(lang),
                words::DOCUMENTS.get(lang),
                words::ERRORS.get(lang),
                words::WARNINGS.get(lang),
                words::INFOS.get(lang),
                words::EXEMPTED.get(lang),
                words::JUDGEMENT.get(lang),
                words::SUPPORT.get(lang),
            ],
            &[
                false, false, true, false, true, true, true, true, false, false,
            ],
        );
        for o in &r.overview {
            let mut support = if o.support == Support::NoFollowUp {
                "—".to_string()
            } else {
                md(&o.support.short(lang))
            };
            if o.support.is_negative() {
                support = format!("**{support}**");
            }
            let reasons = o.support.reasons(lang);
            if !reasons.is_empty() {
                support.push_str(&format!(" ({})", md(&reasons.join(", "))));
            }
            row(
                &mut out,
                &[
                    o.municipality
                        .as_deref()
                        .map(md)
                        .unwrap_or_else(|| "—".into()),
                    md(&o.committee),
                    o.year.to_string(),
                    md(&o
                        .kinds
                        .iter()
                        .map(|k| kind_short(*k, lang))
                        .collect::<Vec<_>>()
                        .join(", ")),
                    o.counts.errors.to_string(),
                    o.counts.warnings.to_string(),
                    o.counts.infos.to_string(),
                    o.counts.exempted.to_string(),
                    o.judgement
                        .map(|j| judgement_name(j, lang))
                        .unwrap_or("—")
                        .to_string(),
                    support,
                ],
            );
        }
        out.push('\n');
    }

    if !s.documents.is_empty() {
        let _ = writeln!(out, "## {}\n", md(words::RECURRING.get(lang)));
        if r.recurring.rules.is_empty() {
            let _ = writeln!(out, "{}\n", md(words::NO_RECURRING.get(lang)));
        } else {
            header(
                &mut out,
                &[
                    words::RULE.get(lang),
                    words::RULE_TITLE.get(lang),
                    words::COMMITTEES.get(lang),
                    words::FINDINGS.get(lang),
                ],
                &[false, false, false, true],
            );
            for rr in &r.recurring.rules {
                let of = match lang {
                    Lang::Sv => format!("{} av {}", rr.committees.len(), r.recurring.committees),
                    Lang::En => format!("{} of {}", rr.committees.len(), r.recurring.committees),
                };
                row(
                    &mut out,
                    &[
                        md(rr.rule.code),
                        md(rr.rule.title),
                        format!("{}: {}", md(&of), md(&rr.committees.join(", "))),
                        rr.findings.to_string(),
                    ],
                );
            }
            out.push('\n');
        }
    }

    if !r.failed.is_empty() || !r.config_errors.is_empty() {
        let _ = writeln!(out, "## {}\n", md(words::FAILED.get(lang)));
        let _ = writeln!(out, "{}\n", md(words::FAILED_INTRO.get(lang)));
        if !r.config_errors.is_empty() {
            let _ = writeln!(out, "**{}**\n", md(words::CONFIG_ERRORS.get(lang)));
            // The message, then the file's line with a caret as a code block.
            for e in &r.config_errors {
                let (head, snippet) = e.split_once('\n').unwrap_or((e, ""));
                let _ = writeln!(out, "- {}", md(head));
                if !snippet.trim().is_empty() {
                    let fence = "`".repeat(3.max(longest_backtick_run(snippet) + 1));
                    let _ = writeln!(out, "\n  {fence}text");
                    for line in snippet.lines() {
                        let _ = writeln!(out, "  {line}");
                    }
                    let _ = writeln!(out, "  {fence}\n");
                }
            }
            out.push('\n');
        }
        for f in &r.failed {
            let _ = writeln!(out, "### {}\n", md(&f.file));
            for g in &f.findings {
                rule_group(&mut out, g, lang);
            }
        }
    }

    for g in &r.groups {
        let _ = writeln!(out, "## {}\n", md(&g.name));
        for d in &g.documents {
            document(&mut out, d, lang);
        }
    }

    if !s.documents.is_empty() {
        let _ = writeln!(out, "## {}\n", md(words::APPENDIX_DOCUMENTS.get(lang)));
        header(
            &mut out,
            &[
                words::COMMITTEE.get(lang),
                words::KIND.get(lang),
                words::YEAR.get(lang),
                words::FILE.get(lang),
            ],
            &[false, false, true, false],
        );
        for d in &s.documents {
            row(
                &mut out,
                &[
                    md(&d.committee),
                    md(kind_name(d.kind, lang)),
                    d.year.to_string(),
                    md(&d.file),
                ],
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## {}\n", md(words::APPENDIX_RULES.get(lang)));
    let _ = writeln!(out, "{}\n", md(&super::rules_note(r)));
    let fired: Vec<_> = r.rules.iter().filter(|a| a.findings > 0).collect();
    if !fired.is_empty() {
        header(
            &mut out,
            &[
                words::RULE.get(lang),
                words::RULE_TITLE.get(lang),
                words::BASIS.get(lang),
                words::SEVERITY.get(lang),
                words::FINDINGS.get(lang),
            ],
            &[false, false, false, false, true],
        );
        for a in fired {
            row(
                &mut out,
                &[
                    md(a.rule.code),
                    md(a.rule.title),
                    md(&for_auditors(a.rule.basis)),
                    md(a.default_severity.name(lang)),
                    a.findings.to_string(),
                ],
            );
        }
    }
    out
}

fn document(out: &mut String, d: &DocumentSection, lang: Lang) {
    let _ = writeln!(
        out,
        "### {} {} — {}\n",
        md(kind_name(d.kind, lang)),
        d.year,
        md(&d.file)
    );
    if let Some(plan) = &d.plan {
        let _ = writeln!(
            out,
            "{}: {}\n",
            md(words::ADOPTED.get(lang)),
            d.adopted
                .as_deref()
                .map(md)
                .unwrap_or_else(|| format!("**{}**", md(words::NOT_STATED.get(lang))))
        );
        plan_view(out, plan, lang);
    }
    if let Some(outcomes) = &d.outcomes {
        let (head, parts) = super::outcome_parts(outcomes, lang);
        let parts: Vec<String> = parts
            .into_iter()
            .map(|(p, bad)| {
                if bad {
                    format!("**{}**", md(&p))
                } else {
                    md(&p)
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "{}: {}{}\n",
            md(words::OUTCOMES.get(lang)),
            md(&head),
            if parts.is_empty() {
                String::new()
            } else {
                format!(": {}", parts.join(", "))
            }
        );
    }
    if let Some(fu) = &d.follow_up {
        follow_up(out, fu, lang);
    }
    let _ = writeln!(out, "#### {}\n", md(words::FINDINGS.get(lang)));
    if d.findings.is_empty() {
        let _ = writeln!(out, "{}\n", md(words::NO_FINDINGS.get(lang)));
    }
    for g in &d.findings {
        rule_group(out, g, lang);
    }
    if !d.exempted.is_empty() {
        let _ = writeln!(out, "#### {}\n", md(words::EXEMPTIONS.get(lang)));
        for e in &d.exempted {
            let _ = writeln!(
                out,
                "- {} {}: {} ({}:{}). {}: {} ({} {}:{})",
                md(e.rule.code),
                md(e.rule.title),
                md_rich(&e.finding.message),
                md(&e.finding.at.file),
                e.finding.at.line,
                md(words::JUSTIFICATION.get(lang)),
                md(&e.justification),
                md(words::EXEMPTION_AT.get(lang)),
                md(&e.exemption_at.file),
                e.exemption_at.line
            );
        }
        out.push('\n');
    }
    if !d.notes.is_empty() {
        let _ = writeln!(out, "#### {}\n", md(words::NOTES.get(lang)));
        for n in &d.notes {
            let _ = writeln!(out, "- {}", md(n));
        }
        out.push('\n');
    }
}

fn follow_up(out: &mut String, fu: &FollowUpView, lang: Lang) {
    let _ = writeln!(
        out,
        "- {}: {}",
        md(words::JUDGEMENT.get(lang)),
        fu.judgement
            .map(|j| judgement_name(j, lang).to_string())
            .unwrap_or_else(|| format!("**{}**", md(words::NOT_STATED.get(lang))))
    );
    for (kind, value, anchor) in &fu.sections {
        let label = match kind {
            SectionKind::Analysis => words::ANALYSIS,
            SectionKind::Conclusions => words::CONCLUSIONS,
            SectionKind::Actions => words::DOC_ACTIONS,
        };
        let _ = writeln!(
            out,
            "- {}: {}",
            md(label.get(lang)),
            match (value, anchor) {
                (Some(v), Some(_)) => format!("{} *({})*", md(v), md(words::FULL_BELOW.get(lang))),
                (Some(v), None) => md(v),
                (None, _) => format!("*{}*", md(words::NOT_STATED.get(lang))),
            }
        );
    }
    out.push('\n');
    if fu.rows.is_empty() {
        full_comments(out, fu, lang);
        return;
    }
    let _ = writeln!(out, "#### {}\n", md(words::PER_CONTROL.get(lang)));
    header(
        out,
        &[
            words::CONTROL.get(lang),
            words::OCCASION.get(lang),
            words::STATUS.get(lang),
            words::COMMENT.get(lang),
            words::ACTIONS.get(lang),
        ],
        &[false; 5],
    );
    for r in &fu.rows {
        let control = if r.first_of_control {
            match &r.activity {
                Some(a) => format!("**{}** {}", md(&r.control), md(a)),
                None => format!("**{}**", md(&r.control)),
            }
        } else {
            String::new()
        };
        let actions: Vec<String> = r
            .actions
            .iter()
            .map(|a| match &a.status {
                Some(st) => format!("{} ({})", md(&a.text), md(st)),
                None => md(&a.text),
            })
            .collect();
        row(
            out,
            &[
                control,
                md(&r.period),
                r.status
                    .as_deref()
                    .map(md)
                    .unwrap_or_else(|| format!("*{}*", md(words::NO_STATUS.get(lang)))),
                match (&r.comment, &r.comment_anchor) {
                    (Some(c), Some(_)) => {
                        format!("{} *({})*", md(c), md(words::FULL_BELOW.get(lang)))
                    }
                    (Some(c), None) => md(c),
                    (None, _) => String::new(),
                },
                actions.join("; "),
            ],
        );
    }
    out.push('\n');
    full_comments(out, fu, lang);
    let _ = writeln!(out, "#### {}\n", md(words::OPEN_ACTIONS.get(lang)));
    if fu.open_actions.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            md(if fu.actions_total == 0 {
                words::NO_ACTIONS.get(lang)
            } else {
                words::NO_OPEN_ACTIONS.get(lang)
            })
        );
        return;
    }
    header(
        out,
        &[
            words::CONTROL.get(lang),
            words::ACTION.get(lang),
            words::RESPONSIBLE.get(lang),
            words::END_DATE.get(lang),
            words::STATUS.get(lang),
        ],
        &[false; 5],
    );
    for a in &fu.open_actions {
        row(
            out,
            &[
                md(&format!("{} {}", a.control, a.period)),
                md(&a.action),
                md(a.responsible.as_deref().unwrap_or("—")),
                md(a.end_date.as_deref().unwrap_or("—")),
                md(a.status.as_deref().unwrap_or(words::NO_STATUS.get(lang))),
            ],
        );
    }
    out.push('\n');
}

/// The comments and sections that the table and the list above show shortened.
fn full_comments(out: &mut String, fu: &FollowUpView, lang: Lang) {
    if fu.full_comments.is_empty() {
        return;
    }
    let _ = writeln!(out, "#### {}\n", md(words::FULL_COMMENTS.get(lang)));
    for c in &fu.full_comments {
        let _ = writeln!(
            out,
            "- **{}**: {}",
            md(format!("{} {}", c.control, c.period).trim()),
            md(&c.text)
        );
    }
    out.push('\n');
}

fn matrix_table(out: &mut String, m: &Matrix, lang: Lang) {
    let mut head = vec![format!(
        "{} ↓ {} →",
        words::LIKELIHOOD.get(lang),
        words::CONSEQUENCE.get(lang)
    )];
    head.extend(
        m.consequence
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{} {name}", i + 1)),
    );
    let refs: Vec<&str> = head.iter().map(String::as_str).collect();
    header(out, &refs, &[]);
    for s in (1..=m.likelihood.len()).rev() {
        let name = m.likelihood.get(s - 1).map(String::as_str).unwrap_or("");
        let mut cells = vec![md(&format!("{s} {name}"))];
        for k in 1..=m.consequence.len() {
            let Some(cell) = m.cell(s, k) else {
                cells.push(String::new());
                continue;
            };
            if cell.risks.is_empty() {
                cells.push(String::new());
                continue;
            }
            let numbers: Vec<String> = cell
                .risks
                .iter()
                .map(|r| {
                    if r.in_plan {
                        format!("**{}**", r.nr)
                    } else {
                        r.nr.to_string()
                    }
                })
                .collect();
            let count = match lang {
                Lang::Sv => format!("{} st", cell.risks.len()),
                Lang::En => cell.risks.len().to_string(),
            };
            cells.push(format!("{count}: {}", numbers.join(", ")));
        }
        row(out, &cells);
    }
    out.push('\n');
}

fn plan_view(out: &mut String, p: &PlanView, lang: Lang) {
    let m = &p.matrix;
    let _ = writeln!(out, "#### {}\n", md(words::MATRIX.get(lang)));
    matrix_table(out, m, lang);
    let zones: Vec<String> = m
        .zones
        .iter()
        .map(|z| {
            md(&format!(
                "{} (RV ≥ {}): {}",
                z.name,
                z.min_rv,
                words::risks(lang, z.risks)
            ))
        })
        .collect();
    let _ = writeln!(
        out,
        "{}. {} {}\n",
        zones.join(" · "),
        md(match lang {
            Lang::Sv => "Fetstil: risken ingår i internkontrollplanen (IKP).",
            Lang::En => "Bold: the risk is in the internal-control plan (IKP).",
        }),
        md(&format!(
            "{}: RV ≥ {}.",
            words::THRESHOLD.get(lang),
            p.threshold
        ))
    );
    outside_plan(out, p, lang);
    for (list, heading) in [
        (&p.unscored, words::UNSCORED.get(lang)),
        (&p.off_scale, words::OFF_SCALE.get(lang)),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}:\n", md(heading));
        for r in list {
            let _ = writeln!(out, "- {}", md(&risk_line(r, lang)));
        }
        out.push('\n');
    }
    planned(out, p, lang);
}

fn outside_plan(out: &mut String, p: &PlanView, lang: Lang) {
    let _ = writeln!(out, "#### {}\n", md(words::OUTSIDE_PLAN.get(lang)));
    if p.outside_plan.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            md(&match lang {
                Lang::Sv => format!(
                    "Inga: alla risker med riskvärde {} eller högre ingår i planen.",
                    p.threshold
                ),
                Lang::En => format!(
                    "None: every risk with a risk value of {} or more is in the plan.",
                    p.threshold
                ),
            })
        );
        return;
    }
    header(
        out,
        &[
            words::NR.get(lang),
            words::EVENT.get(lang),
            words::S.get(lang),
            words::K.get(lang),
            words::RV.get(lang),
            words::JUSTIFICATION.get(lang),
        ],
        &[true, false, true, true, true, false],
    );
    let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
    for r in &p.outside_plan {
        row(
            out,
            &[
                r.nr.to_string(),
                r.event.as_deref().map(md).unwrap_or_else(|| "—".into()),
                n(r.likelihood),
                n(r.consequence),
                n(r.rv),
                r.justification
                    .as_deref()
                    .map(md)
                    .unwrap_or_else(|| format!("**{}**", md(words::NO_JUSTIFICATION.get(lang)))),
            ],
        );
    }
    out.push('\n');
}

fn planned(out: &mut String, p: &PlanView, lang: Lang) {
    if !p.planned.is_empty() {
        let _ = writeln!(out, "#### {}\n", md(words::PLANNED.get(lang)));
        header(
            out,
            &[
                words::NR.get(lang),
                words::EVENT.get(lang),
                words::RV.get(lang),
                words::CONTROLS.get(lang),
            ],
            &[true, false, true, false],
        );
        for pr in &p.planned {
            let controls = if pr.controls.is_empty() {
                format!("**{}**", md(words::NO_CONTROL.get(lang)))
            } else {
                pr.controls
                    .iter()
                    .map(|c| match &c.activity {
                        Some(a) => format!("{} – {}", md(&c.id), md(a)),
                        None => md(&c.id),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            row(
                out,
                &[
                    pr.risk.nr.to_string(),
                    pr.risk
                        .event
                        .as_deref()
                        .map(md)
                        .unwrap_or_else(|| "—".into()),
                    pr.risk
                        .rv
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| "—".into()),
                    controls,
                ],
            );
        }
        out.push('\n');
    }
}

fn rule_group(out: &mut String, g: &RuleGroup, lang: Lang) {
    let _ = writeln!(
        out,
        "##### {} {} ({}, {})\n",
        md(g.rule.code),
        md(g.rule.title),
        md(g.severity.name(lang)),
        md(&words::findings(lang, g.findings.len()))
    );
    if !g.rule.basis.is_empty() {
        let _ = writeln!(
            out,
            "{}: {}\n",
            md(words::BASIS.get(lang)),
            md(&for_auditors(g.rule.basis))
        );
    }
    // The fix and the quoted YAML lines are for the authors (`ikp check`).
    for f in &g.findings {
        finding(out, f, lang);
    }
    out.push('\n');
}

fn finding(out: &mut String, f: &FindingView, lang: Lang) {
    let _ = writeln!(
        out,
        "- {} ({}:{})",
        md_rich(&f.message),
        md(&f.at.file),
        f.at.line
    );
    for rel in &f.related {
        let mut line = format!(
            "  {} {}:{}",
            md(words::SEE_ALSO.get(lang)),
            md(&rel.file),
            rel.line
        );
        if !rel.message.is_empty() {
            line.push_str(&format!(" – {}", md_rich(&rel.message)));
        }
        let _ = writeln!(out, "{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_neutralises_html_and_formatting() {
        assert_eq!(
            md("<script>alert(1)</script> *a* | b & c\nd"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\*a\\* \\| b &amp; c d"
        );
    }
}
