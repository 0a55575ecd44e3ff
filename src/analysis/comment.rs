//! Reading one comment: rule matches, their context, and the claim they add up to.

use super::lexicon::{Hit, Lexicon, MarkerKind, RuleClaim};
use super::tokenize::{Token, TokenKind, tokenize};
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
    /// Per clause: modal words (token positions).
    modal: Vec<Vec<usize>>,
    hedge: Vec<bool>,
    fixed: Vec<bool>,
    /// Per clause: first token of a purpose marker.
    purpose_from: Vec<Option<usize>>,
    /// Per sentence: first token of a reason marker.
    reason_from: Vec<Option<usize>>,
    /// `relatives[i]`: relative pronouns ("som", "vilka") among the tokens before `i`.
    relatives: Vec<u32>,
}

impl Contexts {
    fn build(lex: &Lexicon, toks: &[Token], masks: &[u64], year: Option<i64>) -> Contexts {
        let n_sent = toks.last().map_or(0, |t| t.sentence as usize + 1);
        let n_clause = toks.last().map_or(0, |t| t.clause as usize + 1);
        let mut c = Contexts {
            conditional_from: vec![None; n_sent],
            other_period: vec![None; n_clause],
            persist: vec![false; n_clause],
            current: vec![Vec::new(); n_clause],
            future_from: vec![None; n_clause],
            modal: vec![Vec::new(); n_clause],
            hedge: vec![false; n_clause],
            fixed: vec![false; n_clause],
            purpose_from: vec![None; n_clause],
            reason_from: vec![None; n_sent],
            relatives: Vec::with_capacity(toks.len() + 1),
        };
        let mut n_rel = 0u32;
        for t in toks {
            c.relatives.push(n_rel);
            n_rel += u32::from(matches!(t.norm.as_str(), "som" | "vilka" | "vilket"));
        }
        c.relatives.push(n_rel);
        let first = |slot: &mut Option<usize>, at: usize| {
            *slot = Some(slot.map_or(at, |x| x.min(at)));
        };
        // Per clause: first mention of another period, comparison or not ("jämfört med
        // förra året"); a "då" after it opens a clause about that period.
        let mut other_mention: Vec<Option<usize>> = vec![None; n_clause];
        let comparison_at = |at: usize| {
            (at.saturating_sub(3)..at)
                .any(|j| toks[j].clause == toks[at].clause && lex.is_compare(masks[j]))
        };
        for (kind, hit) in lex.scan_markers(toks, masks) {
            let t = &toks[hit.start];
            let s = t.sentence as usize;
            let cl = t.clause as usize;
            match kind {
                MarkerKind::Conditional => first(&mut c.conditional_from[s], hit.start),
                MarkerKind::OtherPeriod => {
                    // "tidigare medarbetare" are former staff, not another period.
                    if toks
                        .get(hit.end)
                        .is_some_and(|n| n.clause == t.clause && lex.is_person(masks[hit.end]))
                    {
                        continue;
                    }
                    first(&mut other_mention[cl], hit.start);
                    // "jämfört med tidigare år": a comparison; the clause is about now.
                    if !comparison_at(hit.start) {
                        first(&mut c.other_period[cl], hit.start);
                    }
                }
                MarkerKind::Persist => c.persist[cl] = true,
                // "inga nya fel": the negator belongs to the current period too.
                MarkerKind::Current => {
                    let negated = hit.start > 0
                        && toks[hit.start - 1].clause == t.clause
                        && lex.is_neg(masks[hit.start - 1]);
                    c.current[cl].push(hit.start - usize::from(negated));
                }
                MarkerKind::Future => first(&mut c.future_from[cl], hit.start),
                MarkerKind::Purpose => first(&mut c.purpose_from[cl], hit.start),
                MarkerKind::Reason => first(&mut c.reason_from[s], hit.start),
                MarkerKind::Modal => c.modal[cl].push(hit.start),
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
        // Year numbers, read against the follow-up's year: an earlier year is another period
        // ("År 2022 konstaterades brister"), the year itself is now, a later one is the future.
        if let Some(year) = year {
            for (i, t) in toks.iter().enumerate() {
                if t.kind != TokenKind::Year {
                    continue;
                }
                let cl = t.clause as usize;
                let y = t.value as i64;
                if y < year {
                    first(&mut other_mention[cl], i);
                    if !comparison_at(i) {
                        first(&mut c.other_period[cl], i);
                    }
                } else if y == year {
                    c.current[cl].push(i);
                } else {
                    first(&mut c.future_from[cl], i);
                }
            }
        }
        // "… till skillnad mot 2022 då åtta fel hittades", "jämfört med förra året, då flera
        // avvikelser noterades, …": what follows "då"/"när" is about that other period.
        for (i, t) in toks.iter().enumerate() {
            if !matches!(t.norm.as_str(), "då" | "när") {
                continue;
            }
            let cl = t.clause as usize;
            let in_clause = other_mention[cl].is_some_and(|m| m < i);
            let after_clause = i > 0
                && toks[i - 1].clause != t.clause
                && toks[i - 1].sentence == t.sentence
                && other_mention[toks[i - 1].clause as usize].is_some();
            if in_clause || after_clause {
                first(&mut c.other_period[cl], i);
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
pub(super) fn analyse(text: &str, lex: &Lexicon, year: Option<i64>) -> Analysis {
    let mut toks = tokenize(text, |w| lex.is_clause_breaker(w));
    if toks.is_empty() {
        return Analysis::none();
    }
    let masks = lex.correct_and_mask(&mut toks);
    let n_clause = toks.last().map_or(0, |t| t.clause as usize + 1);
    let mut clause_masks = vec![0u64; n_clause];
    for (t, m) in toks.iter().zip(&masks) {
        clause_masks[t.clause as usize] |= m;
    }
    let ctx = Contexts::build(lex, &toks, &masks, year);

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
    // Clause structure the patterns cannot see: "Avvikelser: 0", exceptions to a clean
    // claim, and universal clauses ("Alla 18 brukare hade en aktuell plan").
    // Universal clauses, by first token: end token (weak evidence, see below).
    let mut weak: Vec<usize> = vec![usize::MAX; toks.len()];
    let mut extra = find_labels(lex, text, &toks, &masks);
    extra.extend(find_exceptions(lex, &toks, &masks, &found));
    let universals = find_universals(lex, &toks, &masks);
    for f in &universals {
        weak[f.start] = f.end;
    }
    extra.extend(universals);
    for f in extra {
        let hit = Hit {
            rule: 0,
            pattern: 0,
            start: f.start,
            end: f.end,
        };
        if context_allows(&ctx, &toks, &clause_masks, lex, f.claim, true, &hit) {
            found.push(f);
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
    // When the comment says the control was not (fully) performed, a result stated as its
    // consequence is vacuous ("inga avvikelser kan därför rapporteras", "inga fel att
    // rapportera"), and so is a universal clause ("alla handläggare var sjuka").
    let unperformed = found.iter().any(|f| {
        matches!(
            f.claim,
            RuleClaim::NotPerformed | RuleClaim::Partly | RuleClaim::Planned
        )
    });
    if unperformed {
        // "Kontrollen har inte genomförts av förvaltningen. Extern revisor har granskat
        // området utan anmärkning": someone else's clean result is not this control's.
        let mut external_sentence = vec![false; n_sent_all(&toks)];
        for (t, m) in toks.iter().zip(&masks) {
            if lex.is_external(*m) {
                external_sentence[t.sentence as usize] = true;
            }
        }
        found.retain(|f| {
            !(matches!(
                f.claim,
                RuleClaim::NoDeviation | RuleClaim::NoMajorDeviation | RuleClaim::Performed
            ) && external_sentence[toks[f.start].sentence as usize])
        });
        let mut consequence_clause = vec![false; n_clause];
        for (t, m) in toks.iter().zip(&masks) {
            if lex.is_consequence(*m) {
                consequence_clause[t.clause as usize] = true;
            }
        }
        found.retain(|f| {
            let result = matches!(
                f.claim,
                RuleClaim::NoDeviation | RuleClaim::NoMajorDeviation | RuleClaim::Deviation(_)
            );
            if !result {
                return true;
            }
            let cl = toks[f.start].clause;
            let then_att = toks
                .get(f.end)
                .is_some_and(|t| t.clause == cl && t.norm == "att");
            !(consequence_clause[cl as usize] || then_att || weak[f.start] == f.end)
        });
    }
    // "genomfördes inte av förvaltningen utan av den externa revisorn": performed, by
    // someone else.
    let mut last_alternative = vec![None::<usize>; n_sent_all(&toks)];
    for (i, t) in toks.iter().enumerate() {
        if matches!(t.norm.as_str(), "utan" | "istället" | "stället") {
            last_alternative[t.sentence as usize] = Some(i);
        }
    }
    found.retain(|f| {
        if f.claim != RuleClaim::NotPerformed {
            return true;
        }
        let Some(next) = toks.get(f.end) else {
            return true;
        };
        if next.norm != "av" || next.clause != toks[f.start].clause {
            return true;
        }
        last_alternative[next.sentence as usize].is_none_or(|a| a <= f.end)
    });
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
        // "behörighet som de inte borde ha haft": a modal the pattern itself reads is part
        // of the finding, not a norm around it.
        // A modal in a relative clause after the finding ("findings som behöver följas upp")
        // is about what to do next.
        let relative_between = |m: usize| ctx.relatives[m] > ctx.relatives[hit.end];
        if ctx.modal[cl]
            .iter()
            .any(|&m| m < hit.start || (m >= hit.end && !relative_between(m)))
        {
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

fn n_sent_all(toks: &[Token]) -> usize {
    toks.last().map_or(0, |t| t.sentence as usize + 1)
}

/// First and one-past-last token of every clause.
fn clause_bounds(toks: &[Token]) -> Vec<(usize, usize)> {
    let n = toks.last().map_or(0, |t| t.clause as usize + 1);
    let mut b = vec![(usize::MAX, 0); n];
    for (i, t) in toks.iter().enumerate() {
        let e = &mut b[t.clause as usize];
        e.0 = e.0.min(i);
        e.1 = i + 1;
    }
    b
}

/// Swedish number words a count may be written with ("tre av tolv").
const NUMBER_WORDS: &[(&str, u64)] = &[
    ("noll", 0),
    ("en", 1),
    ("ett", 1),
    ("två", 2),
    ("tre", 3),
    ("fyra", 4),
    ("fem", 5),
    ("sex", 6),
    ("sju", 7),
    ("åtta", 8),
    ("nio", 9),
    ("tio", 10),
    ("elva", 11),
    ("tolv", 12),
    ("femton", 15),
    ("tjugo", 20),
];

/// The value of a count token: digits or a number word.
fn count_value(t: &Token) -> Option<u64> {
    if t.is_number() {
        return Some(t.value);
    }
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == t.norm)
        .map(|(_, v)| *v)
}

/// "Avvikelser: 0", "Antal fel: inga", "Brister: 3 (se bilaga)": a deviation word as a label,
/// a count after the colon.
fn find_labels(lex: &Lexicon, text: &str, toks: &[Token], masks: &[u64]) -> Vec<Found> {
    let mut out = Vec::new();
    for k in 0..toks.len().saturating_sub(1) {
        let (t, n) = (&toks[k], &toks[k + 1]);
        if !lex.is_dev(masks[k]) || n.sentence != t.sentence {
            continue;
        }
        let sep = &text[t.end..n.start];
        if !sep.contains([':', '=']) {
            continue;
        }
        let zero = lex.is_zero(masks[k + 1])
            || matches!(n.norm.as_str(), "inga" | "ingen" | "inget" | "noll" | "nej");
        let some = count_value(n).is_some_and(|v| v > 0) || lex.is_quant(masks[k + 1]);
        let claim = if zero {
            RuleClaim::NoDeviation
        } else if some {
            RuleClaim::Deviation(None)
        } else {
            continue;
        };
        out.push(Found {
            claim,
            start: k,
            end: k + 2,
            phrase: "@dev: <count>".to_string(),
        });
    }
    out
}

/// "… utom två ramavtal", "med undantag av ett ärende", "inga avvikelser, förutom …": an
/// exception carries a deviation when it names a count, or when its sentence makes a clean
/// claim. "Förutom X har även Y granskats" (also) and "utan undantag" are not exceptions.
fn find_exceptions(lex: &Lexicon, toks: &[Token], masks: &[u64], found: &[Found]) -> Vec<Found> {
    let mut out = Vec::new();
    let n_clause = toks.last().map_or(0, |t| t.clause as usize + 1);
    let mut last_also = vec![None::<usize>; n_clause];
    for (i, t) in toks.iter().enumerate() {
        if matches!(t.norm.as_str(), "även" | "också") {
            last_also[t.clause as usize] = Some(i);
        }
    }
    let mut clean_sentence = vec![false; n_sent_all(toks)];
    for f in found {
        if f.claim == RuleClaim::NoDeviation {
            clean_sentence[toks[f.start].sentence as usize] = true;
        }
    }
    for k in 0..toks.len() {
        if !lex.is_except(masks[k]) {
            continue;
        }
        let t = &toks[k];
        if k > 0 && toks[k - 1].norm == "utan" {
            continue;
        }
        if last_also[t.clause as usize].is_some_and(|a| a > k) {
            continue;
        }
        let mut j = k + 1;
        while j < toks.len()
            && j <= k + 3
            && toks[j].sentence == t.sentence
            && matches!(
                toks[j].norm.as_str(),
                "av" | "för" | "från" | "de" | "dessa"
            )
        {
            j += 1;
        }
        let Some(obj) = toks.get(j).filter(|n| n.sentence == t.sentence) else {
            continue;
        };
        let counted = count_value(obj).is_some_and(|v| v > 0)
            || lex.is_quant(masks[j])
            || matches!(obj.norm.as_str(), "någon" | "något" | "några");
        if counted || clean_sentence[t.sentence as usize] {
            out.push(Found {
                claim: RuleClaim::Deviation(None),
                start: k,
                end: j + 1,
                phrase: "@except <count>".to_string(),
            });
        }
    }
    out
}

/// "Alla 18 brukare hade en aktuell genomförandeplan", "Samtliga planerade inspektioner har
/// genomförts", "var samtliga attesterade": a universal subject with a finite verb of having,
/// being or performing, in a clause with no negation, deviation or lack, is a clean result.
fn find_universals(lex: &Lexicon, toks: &[Token], masks: &[u64]) -> Vec<Found> {
    let mut out = Vec::new();
    let bounds = clause_bounds(toks);
    let mut k = 0;
    while k < toks.len() {
        if !lex.is_universal(masks[k]) {
            k += 1;
            continue;
        }
        let t = &toks[k];
        let cl = t.clause;
        let prev = (k > 0 && toks[k - 1].clause == cl).then(|| k - 1);
        // "i alla granskade", "inte alla", "varje vecka": not the subject of a clean claim.
        let time = toks
            .get(k + 1)
            .is_some_and(|n| n.clause == cl && lex.is_timeunit(masks[k + 1]));
        if time || prev.is_some_and(|p| lex.is_prep(masks[p]) || lex.is_neg(masks[p])) {
            k += 1;
            continue;
        }
        let (lo, hi) = bounds[cl as usize];
        if (lo..hi).any(|j| lex.spoils_universal(masks[j]) || lex.is_except(masks[j])) {
            k = hi;
            continue;
        }
        let verb_before = prev.filter(|&p| lex.is_have_or_be(masks[p]));
        let verb_after = (k + 1..hi).find(|&j| {
            lex.is_have_or_be(masks[j])
                || lex.is_perf(masks[j])
                || matches!(
                    toks[j].norm.as_str(),
                    "genomgått" | "fått" | "följde" | "följer" | "uppfyller" | "uppfyllde"
                )
        });
        let (start, end) = match (verb_before, verb_after) {
            (Some(p), _) => (p, (k + 2).min(hi)),
            (None, Some(v)) => (k, v + 1),
            (None, None) => {
                k = hi;
                continue;
            }
        };
        // A bare "är/var" with nothing after it says nothing.
        if end <= start + 1 || (end == k + 1 && lex.is_be(masks[start])) {
            k = hi;
            continue;
        }
        out.push(Found {
            claim: RuleClaim::NoDeviation,
            start,
            end,
            phrase: "@universal .. <verb>".to_string(),
        });
        k = hi;
    }
    out
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
        let is_count = count_value(n_tok).is_some();
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
            let Some(m) = toks
                .get(j)
                .filter(|t| t.clause == clause)
                .and_then(count_value)
            else {
                i += 1;
                continue;
            };
            (j, m)
        };
        let n = count_value(n_tok).unwrap_or(0);
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
            let is_dev = lex.is_dev(masks[k]) || lex.is_devverb(masks[k]) || lex.is_lack(masks[k]);
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
        // No polarity word, but a verb of performing: "två av fyra planerade tillfällen har
        // genomförts" is partly done, "12 av 12 har genomförts" all done.
        if best.is_none() {
            let done = (lo..hi)
                .filter(|&k| toks[k].clause == clause && !(i..=j).contains(&k))
                .find(|&k| lex.is_perf(masks[k]));
            if let Some(k) = done {
                let negated = k > 0 && toks[k - 1].clause == clause && lex.is_neg(masks[k - 1]);
                if !negated {
                    out.push(Found {
                        claim: if n == m {
                            RuleClaim::NoDeviation
                        } else {
                            RuleClaim::Partly
                        },
                        start: i.min(k),
                        end: (j + 1).max(k + 1),
                        phrase: "<num> av <num> + @perf".to_string(),
                    });
                }
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
