//! Reading one comment: rule matches, their context, and the claim they add up to.

use super::lexicon::{Hit, Lexicon, MarkerKind, RuleClaim};
use super::tokenize::{Token, tokenize};
use super::{Analysis, Claim, Evidence, Severity};

/// One surviving piece of evidence, before it becomes public [`Evidence`].
#[derive(Debug, Clone)]
struct Found {
    claim: RuleClaim,
    start: usize,
    end: usize,
    phrase: String,
}

/// Contexts opened by markers, per sentence / clause.
struct Contexts {
    /// Per sentence: first token of a conditional marker.
    conditional_from: Vec<Option<usize>>,
    /// Per clause: first token of an other-period marker.
    other_period: Vec<Option<usize>>,
    persist: Vec<bool>,
    /// Per clause: current-period markers (token positions).
    current: Vec<Vec<usize>>,
    /// Per clause: first token of a future marker.
    future_from: Vec<Option<usize>>,
    modal: Vec<bool>,
    hedge: Vec<bool>,
    fixed: Vec<bool>,
    /// Per clause: first token of a purpose marker.
    purpose_from: Vec<Option<usize>>,
    /// Per sentence: first token of a reason marker.
    reason_from: Vec<Option<usize>>,
}

impl Contexts {
    fn build(lex: &Lexicon, toks: &[Token], masks: &[u64]) -> Contexts {
        let n_sent = toks.last().map_or(0, |t| t.sentence as usize + 1);
        let n_clause = toks.last().map_or(0, |t| t.clause as usize + 1);
        let mut c = Contexts {
            conditional_from: vec![None; n_sent],
            other_period: vec![None; n_clause],
            persist: vec![false; n_clause],
            current: vec![Vec::new(); n_clause],
            future_from: vec![None; n_clause],
            modal: vec![false; n_clause],
            hedge: vec![false; n_clause],
            fixed: vec![false; n_clause],
            purpose_from: vec![None; n_clause],
            reason_from: vec![None; n_sent],
        };
        let first = |slot: &mut Option<usize>, at: usize| {
            *slot = Some(slot.map_or(at, |x| x.min(at)));
        };
        for (kind, hit) in lex.scan_markers(toks, masks) {
            let t = &toks[hit.start];
            let s = t.sentence as usize;
            let cl = t.clause as usize;
            match kind {
                MarkerKind::Conditional => first(&mut c.conditional_from[s], hit.start),
                MarkerKind::OtherPeriod => {
                    // "jämfört med tidigare år": a comparison; the clause is about now.
                    let comparison = (hit.start.saturating_sub(3)..hit.start)
                        .any(|j| toks[j].clause == t.clause && lex.is_compare(masks[j]));
                    if !comparison {
                        first(&mut c.other_period[cl], hit.start);
                    }
                }
                MarkerKind::Persist => c.persist[cl] = true,
                MarkerKind::Current => c.current[cl].push(hit.start),
                MarkerKind::Future => first(&mut c.future_from[cl], hit.start),
                MarkerKind::Purpose => first(&mut c.purpose_from[cl], hit.start),
                MarkerKind::Reason => first(&mut c.reason_from[s], hit.start),
                MarkerKind::Modal => c.modal[cl] = true,
                MarkerKind::Hedge => c.hedge[cl] = true,
                MarkerKind::Fixed => {
                    // "har inte åtgärdats" is not about something fixed.
                    let negated = (hit.start.saturating_sub(2)..hit.start)
                        .any(|j| toks[j].clause == t.clause && lex.is_neg(masks[j]));
                    if !negated {
                        c.fixed[cl] = true;
                    }
                }
            }
        }
        c
    }

    /// Is token `at` (in clause `cl`) about another period ("tidigare år fanns brister")?
    fn other_period(&self, cl: usize, at: usize) -> bool {
        let Some(from) = self.other_period[cl] else {
            return false;
        };
        if self.persist[cl] {
            return false;
        }
        // "… förra årets kontroll har rättats och inga nya fel har hittats"
        !self.current[cl].iter().any(|&c| c > from && c <= at)
    }
}

/// Analyses one comment. Never panics; linear in the length of `text`.
pub(super) fn analyse(text: &str, lex: &Lexicon) -> Analysis {
    let toks = tokenize(text, |w| lex.is_clause_breaker(w));
    if toks.is_empty() {
        return Analysis::none();
    }
    let masks = lex.masks(&toks);
    let n_clause = toks.last().map_or(0, |t| t.clause as usize + 1);
    let mut clause_masks = vec![0u64; n_clause];
    for (t, m) in toks.iter().zip(&masks) {
        clause_masks[t.clause as usize] |= m;
    }
    let ctx = Contexts::build(lex, &toks, &masks);

    // 1. Counts "N av M": the most precise statement a clause can make; rule matches of
    //    (no) deviation in the same clause give way to it.
    let quantities = find_quantities(lex, text, &toks, &masks);
    let mut quantified_clause = vec![false; n_clause];
    for q in &quantities {
        quantified_clause[toks[q.start].clause as usize] = true;
    }

    // 2. Rule matches, kept when their context allows.
    let mut found: Vec<Found> = Vec::new();
    for hit in lex.scan_rules(&toks, &masks, &clause_masks) {
        let claim = lex.rules[hit.rule].claim;
        let claim = match claim {
            RuleClaim::Ignore => continue,
            RuleClaim::Deviation(None) => {
                RuleClaim::Deviation(severity_in(lex, &toks, &masks, &hit))
            }
            c => c,
        };
        let cl = toks[hit.start].clause as usize;
        if quantified_clause[cl]
            && matches!(
                claim,
                RuleClaim::Deviation(_) | RuleClaim::NoDeviation | RuleClaim::NoMajorDeviation
            )
        {
            continue;
        }
        let keep_when_fixed = lex.rules[hit.rule].keep_when_fixed;
        if !context_allows(
            &ctx,
            &toks,
            &clause_masks,
            lex,
            claim,
            keep_when_fixed,
            &hit,
        ) {
            continue;
        }
        found.push(Found {
            claim,
            start: hit.start,
            end: hit.end,
            phrase: lex.pattern_src(&hit).to_string(),
        });
    }
    for q in quantities {
        let t = &toks[q.start];
        let conditional = ctx.conditional_from[t.sentence as usize].is_some_and(|c| c <= q.start);
        let other = ctx.other_period(t.clause as usize, q.start);
        if !conditional && !other {
            found.push(q);
        }
    }
    found.sort_by_key(|f| (f.start, f.end));

    // 3. A "no deviation" or "performed" in the same sentence as "not performed" is vacuous
    //    ("inga avvikelser kan rapporteras eftersom kontrollen inte genomförts"), and a
    //    deviation after "eftersom"/"då" in a sentence that says the control was not done, or
    //    only partly, is the reason for it ("genomfördes delvis eftersom underlag saknades").
    let n_sent = toks.last().map_or(0, |t| t.sentence as usize + 1);
    let mut np_sentence = vec![false; n_sent];
    let mut partly_sentence = vec![false; n_sent];
    for f in &found {
        match f.claim {
            RuleClaim::NotPerformed => np_sentence[toks[f.start].sentence as usize] = true,
            RuleClaim::Partly => partly_sentence[toks[f.start].sentence as usize] = true,
            _ => {}
        }
    }
    found.retain(|f| {
        let s = toks[f.start].sentence as usize;
        if !np_sentence[s] && !partly_sentence[s] {
            return true;
        }
        match f.claim {
            RuleClaim::NoDeviation | RuleClaim::NoMajorDeviation | RuleClaim::Performed => {
                !np_sentence[s]
            }
            // "… har inte kunnat göras då underlag saknas": the reason, not a finding.
            RuleClaim::Deviation(_) => ctx.reason_from[s].is_none_or(|r| r >= f.start),
            _ => true,
        }
    });

    resolve(text, &toks, found)
}

fn severity_in(lex: &Lexicon, toks: &[Token], masks: &[u64], hit: &Hit) -> Option<Severity> {
    let clause = toks[hit.start].clause;
    let from = (hit.start.saturating_sub(2)..hit.start)
        .find(|&j| toks[j].clause == clause)
        .unwrap_or(hit.start);
    let mut sev = None;
    for m in &masks[from..hit.end] {
        match lex.severity_of(*m) {
            Some(Severity::Major) => return Some(Severity::Major),
            Some(Severity::Minor) => sev = Some(Severity::Minor),
            None => {}
        }
    }
    sev
}

fn context_allows(
    ctx: &Contexts,
    toks: &[Token],
    clause_masks: &[u64],
    lex: &Lexicon,
    claim: RuleClaim,
    keep_when_fixed: bool,
    hit: &Hit,
) -> bool {
    let t = &toks[hit.start];
    let s = t.sentence as usize;
    let cl = t.clause as usize;
    if ctx.conditional_from[s].is_some_and(|c| c <= hit.start) {
        return false;
    }
    if ctx.purpose_from[cl].is_some_and(|c| c <= hit.start) {
        return false;
    }
    if ctx.other_period(cl, hit.start) {
        return false;
    }
    let result_or_done = matches!(
        claim,
        RuleClaim::NoDeviation
            | RuleClaim::NoMajorDeviation
            | RuleClaim::Deviation(_)
            | RuleClaim::Performed
    );
    if result_or_done {
        if ctx.future_from[cl].is_some_and(|f| f < hit.start) {
            return false;
        }
        if ctx.modal[cl] {
            return false;
        }
    }
    if ctx.hedge[cl] && matches!(claim, RuleClaim::NoDeviation | RuleClaim::Performed) {
        return false;
    }
    if ctx.fixed[cl]
        && matches!(claim, RuleClaim::Deviation(_))
        && !keep_when_fixed
        && !lex.is_found(clause_masks[cl])
    {
        return false;
    }
    true
}

/// "15 av 94", "0 av 20", "18 av de 20", "96 procent": a count with a polarity word in the
/// clause (`dev`: items were wrong; `correct`/`ok_count`: items were right).
fn find_quantities(lex: &Lexicon, text: &str, toks: &[Token], masks: &[u64]) -> Vec<Found> {
    const FILLERS: &[&str] = &[
        "de",
        "dessa",
        "totalt",
        "samtliga",
        "alla",
        "alls",
        "sammanlagt",
    ];
    const WINDOW: usize = 8;
    let mut out = Vec::new();
    let mut i = 0;
    while i + 2 < toks.len() {
        let n_tok = &toks[i];
        let clause = n_tok.clause;
        let is_count = n_tok.is_number() || n_tok.norm == "noll";
        // "96 procent", "96 %": a share of 100.
        let percent = is_count
            && (toks[i + 1].norm == "procent"
                || (text[n_tok.end..toks[i + 1].start].contains('%')
                    && toks[i + 1].clause == clause));
        let (j, m) = if percent {
            let j = if toks[i + 1].norm == "procent" {
                i + 1
            } else {
                i
            };
            (j, 100)
        } else {
            if !is_count || toks[i + 1].norm != "av" {
                i += 1;
                continue;
            }
            let mut j = i + 2;
            while j < toks.len() && j < i + 4 && FILLERS.contains(&toks[j].norm.as_str()) {
                j += 1;
            }
            let Some(m_tok) = toks.get(j).filter(|t| t.is_number() && t.clause == clause) else {
                i += 1;
                continue;
            };
            (j, m_tok.value)
        };
        let n = if n_tok.norm == "noll" { 0 } else { n_tok.value };
        if n > m || m == 0 {
            i = j + 1;
            continue;
        }
        // Nearest polarity word in the clause.
        let lo = i.saturating_sub(WINDOW);
        let hi = (j + 1 + WINDOW).min(toks.len());
        let mut best: Option<(usize, usize, bool)> = None; // (distance, index, is_dev)
        for k in lo..hi {
            if toks[k].clause != clause || (i..=j).contains(&k) {
                continue;
            }
            let is_dev = lex.is_dev(masks[k]);
            let is_ok = lex.is_ok_count(masks[k]);
            if !(is_dev || is_ok) {
                continue;
            }
            // "inte korrekta" is a dev word here.
            let negated = k > 0 && toks[k - 1].clause == clause && lex.is_neg(masks[k - 1]);
            let dev = if is_dev { !negated } else { negated };
            let dist = if k < i { i - k } else { k - j };
            if best.is_none_or(|b| dist < b.0) {
                best = Some((dist, k, dev));
            }
        }
        if let Some((_, k, dev)) = best {
            let claim = match (dev, n, m) {
                (true, 0, _) => RuleClaim::NoDeviation,
                (true, _, _) => RuleClaim::Deviation(None),
                (false, n, m) if n == m => RuleClaim::NoDeviation,
                (false, _, _) => RuleClaim::Deviation(None),
            };
            out.push(Found {
                claim,
                start: i.min(k),
                end: (j + 1).max(k + 1),
                phrase: format!(
                    "{} + {}",
                    if percent {
                        "<num> procent"
                    } else {
                        "<num> av <num>"
                    },
                    if dev { "@dev" } else { "@correct" }
                ),
            });
        }
        i = j + 1;
    }
    out
}

/// Combines the evidence into one claim. See EXPLAIN_EN for the order.
fn resolve(text: &str, toks: &[Token], found: Vec<Found>) -> Analysis {
    let has = |p: &dyn Fn(RuleClaim) -> bool| found.iter().any(|f| p(f.claim));
    let is_dev = |c: RuleClaim| matches!(c, RuleClaim::Deviation(_));

    let (claim, winning): (Claim, Box<dyn Fn(RuleClaim) -> bool>) = if has(&is_dev) {
        let sev = found
            .iter()
            .filter_map(|f| match f.claim {
                RuleClaim::Deviation(s) => s,
                _ => None,
            })
            .max();
        (Claim::Deviation(sev), Box::new(is_dev))
    } else if has(&|c| c == RuleClaim::NoMajorDeviation) {
        (
            Claim::NoMajorDeviation,
            Box::new(|c| c == RuleClaim::NoMajorDeviation),
        )
    } else if has(&|c| c == RuleClaim::NoDeviation) {
        (
            Claim::NoDeviation,
            Box::new(|c| c == RuleClaim::NoDeviation),
        )
    } else if has(&|c| c == RuleClaim::NotPerformed) {
        if has(&|c| matches!(c, RuleClaim::Performed | RuleClaim::Partly)) {
            // Part done, part not.
            (
                Claim::PartlyOrPostponed,
                Box::new(|c| matches!(c, RuleClaim::NotPerformed | RuleClaim::Partly)),
            )
        } else {
            (
                Claim::NotPerformed,
                Box::new(|c| matches!(c, RuleClaim::NotPerformed | RuleClaim::Planned)),
            )
        }
    } else if has(&|c| c == RuleClaim::Partly) {
        (
            Claim::PartlyOrPostponed,
            Box::new(|c| matches!(c, RuleClaim::Partly | RuleClaim::Planned)),
        )
    } else if has(&|c| c == RuleClaim::Planned) {
        if has(&|c| c == RuleClaim::Performed) {
            // Something done, the rest planned.
            (
                Claim::PartlyOrPostponed,
                Box::new(|c| c == RuleClaim::Planned),
            )
        } else {
            // Only spoken of as something to do later: not performed (yet).
            (Claim::NotPerformed, Box::new(|c| c == RuleClaim::Planned))
        }
    } else if has(&|c| c == RuleClaim::Performed) {
        (Claim::Performed, Box::new(|c| c == RuleClaim::Performed))
    } else {
        (Claim::NoClaim, Box::new(|_| false))
    };

    let to_evidence = |f: &Found| Evidence {
        range: toks[f.start].start..toks[f.end - 1].end,
        claim: public_claim(f.claim),
        phrase: f.phrase.clone(),
    };
    let mut evidence: Vec<Evidence> = found
        .iter()
        .filter(|f| winning(f.claim))
        .map(to_evidence)
        .collect();
    evidence.extend(found.iter().filter(|f| !winning(f.claim)).map(to_evidence));
    debug_assert!(evidence.iter().all(|e| e.range.end <= text.len()));
    Analysis { claim, evidence }
}

fn public_claim(c: RuleClaim) -> Claim {
    match c {
        RuleClaim::NoDeviation => Claim::NoDeviation,
        RuleClaim::NoMajorDeviation => Claim::NoMajorDeviation,
        RuleClaim::Deviation(s) => Claim::Deviation(s),
        RuleClaim::NotPerformed => Claim::NotPerformed,
        RuleClaim::Partly => Claim::PartlyOrPostponed,
        // Alone, "planeras genomföras" means not performed yet.
        RuleClaim::Planned => Claim::NotPerformed,
        RuleClaim::Performed => Claim::Performed,
        RuleClaim::Ignore => Claim::NoClaim,
    }
}
