//! IKP112 — an occasion's date lies outside the plan year, or is missing where required.

use super::followup::{occasion_phrase, occasions};
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::finding::{Finding, Severity, Subject};
use crate::model::{Date, DocKind};
use crate::text;

pub struct OccasionDate;

pub static RULE: OccasionDate = OccasionDate;

static META: RuleMeta = RuleMeta {
    code: "IKP112",
    name: "datum-utanfor-aret",
    default_severity: Severity::Warning,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "Ett uppföljningstillfälles datum ligger utanför året eller saknas",
        en: "A follow-up occasion's date lies outside the year or is missing",
    },
    basis: StaticText {
        sv: "Kommunens riktlinjer för intern kontroll (uppföljningen avser planens år); god praxis.",
        en: "The municipality's internal-control guidelines (the follow-up covers the plan's year); good practice.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar ett uppföljningstillfälle vars `datum` eller `slutdatum` ligger utanför året som
uppföljningen gäller (`år`), och, när profilen kräver det (`uppföljning.kräv_datum`), ett
tillfälle som saknar både `datum` och `slutdatum`.

Ett datum strax efter årsskiftet godtas: verksamhetsberättelsen, årets sista uppföljning,
skrivs i januari året därpå, och dess slutdatum eller datum kan ligga där. Hur många dagar
efter årets slut som godtas anger profilen (`uppföljning.dagar_efter_året`, normalt 31, alltså
januari). Ett datum före årets början godtas aldrig: årets kontroller kan inte ha följts upp
innan året började. Åtgärdernas slutdatum prövas inte, eftersom en åtgärd kan planeras till
nästa år.

## Varför är det dåligt
Ett datum utanför året är oftast ett skrivfel eller ett tillfälle som hör till en annan
uppföljning. Utan datum går det inte att se att kontrollen följts upp i tid, så som planen
anger.

## Grund
Kommunens riktlinjer: uppföljningen avser internkontrollplanen för året, med de tidpunkter
planen anger. Allvarlighetsgrad *varning*: datumet gäller spårbarheten, inte kontrollens
resultat.

## Exempel
```yaml
år: 2019
kontroller:
  - kontroll: K4
    tillfällen:
      - period: tillfälle 2
        slutdatum: \"2018-07-31\"
```

## Åtgärd
Rätta datumet, eller flytta tillfället till uppföljningen för det år det gäller. Saknas datum,
ange `datum` (när uppföljningen gjordes) eller `slutdatum`.
";

const DOC_EN: &str = "\
## What it does
Reports a follow-up occasion whose `datum` or `slutdatum` lies outside the year the
follow-up covers (`år`) and, when the profile requires it (`uppföljning.kräv_datum`), an
occasion with neither `datum` nor `slutdatum`.

A date shortly after the turn of the year is accepted: the annual report, the year's last
follow-up, is written in January of the next year, and its end date or date may lie there.
The profile sets how many days after the year's end are accepted
(`uppföljning.dagar_efter_året`, normally 31, that is January). A date before the year began
is never accepted: the year's controls cannot have been followed up before the year started.
End dates of actions are not tested, since an action may be planned for the next year.

## Why is this bad
A date outside the year is usually a typo or an occasion that belongs to another follow-up.
Without a date nobody can see that the control was followed up on time, as the plan says.

## Basis
The municipality's guidelines: the follow-up covers the year's internal-control plan, at the
times the plan sets. Severity *warning*: the date concerns traceability, not the control's
result.

## Example
```yaml
år: 2019
kontroller:
  - kontroll: K4
    tillfällen:
      - period: tillfälle 2
        slutdatum: \"2018-07-31\"
```

## Fix
Correct the date, or move the occasion to the follow-up of the year it belongs to. Without a
date, give `datum` (when the follow-up was done) or `slutdatum`.
";

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
/// In `i128`, so that any `år` a document may hold computes without overflow.
fn day_number(year: i64, month: u32, day: u32) -> i128 {
    let year = i128::from(year);
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i128::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i128::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn day_of(date: &Date) -> i128 {
    day_number(i64::from(date.year), date.month, date.day)
}

impl Rule for OccasionDate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        let year = fu.year.value;
        let settings = &cx.profile.follow_up;
        let grace = settings.days_after_year;
        let first = day_number(year, 1, 1);
        let last = day_number(year, 12, 31) + i128::from(grace);
        for (i, fc, j, occ) in occasions(fu) {
            let who = occasion_phrase(fc, i, occ, j);
            let (who_sv, who_en) = (&who.sv, &who.en);
            let key = entity::occasion(fc, i, occ, j);
            if occ.date.is_none() && occ.end_date.is_none() {
                if settings.require_date {
                    out.push(
                        cx.finding(
                            self,
                            cx.source.first_line(occ.span),
                            text!(
                                "{who_sv} saknar datum; kommunen kräver `datum` eller `slutdatum` för varje tillfälle",
                                "{who_en} has no date; the municipality requires `datum` or `slutdatum` for every occasion"
                            ),
                            Subject::new(key, "inget datum"),
                        )
                        .with_help(text!(
                            "ange `datum` (när uppföljningen gjordes) eller `slutdatum`, ÅÅÅÅ-MM-DD",
                            "give `datum` (when the follow-up was done) or `slutdatum`, YYYY-MM-DD"
                        )),
                    );
                }
                continue;
            }
            for (field, date) in [("datum", &occ.date), ("slutdatum", &occ.end_date)] {
                let Some(date) = date else { continue };
                let day = day_of(&date.value);
                let shown = date.value;
                let (message, help) = if day < first {
                    (
                        text!(
                            "{who_sv} har {field} {shown}, före året {year} som uppföljningen gäller",
                            "{who_en} has the {field} {shown}, before the year {year} the follow-up covers"
                        ),
                        text!(
                            "rätta datumet; ett tillfälle för {year} kan inte ha följts upp innan året började",
                            "correct the date; an occasion of {year} cannot have been followed up before the year began"
                        ),
                    )
                } else if day > last {
                    (
                        text!(
                            "{who_sv} har {field} {shown}, mer än {grace} dagar efter året {year} som uppföljningen gäller",
                            "{who_en} has the {field} {shown}, more than {grace} days after the year {year} the follow-up covers"
                        ),
                        text!(
                            "rätta datumet, eller flytta tillfället till uppföljningen för det år det gäller",
                            "correct the date, or move the occasion to the follow-up of the year it belongs to"
                        ),
                    )
                } else {
                    continue;
                };
                out.push(
                    cx.finding(
                        self,
                        date.span,
                        message,
                        Subject::new(key.clone(), format!("{field}:{shown}")),
                    )
                    .with_help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::day_number;
    use crate::rules::{check_one, check_with};

    const FU: &str = "typ: uppföljning\nnämnd: Nämnden för IT-förvaltningen\når: 2019\nkontroller:\n  - kontroll: K4\n    tillfällen:\n";

    #[test]
    fn day_numbers_are_days_since_1970() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2000, 3, 1), 11_017);
        assert_eq!(day_number(2020, 1, 1) - day_number(2019, 12, 31), 1);
        assert_eq!(day_number(2024, 3, 1) - day_number(2024, 2, 28), 2);
    }

    #[test]
    fn fires_on_dates_outside_the_year() {
        let yaml = format!(
            "{FU}      - period: tillfälle 1\n        slutdatum: \"2018-12-31\"\n      - period: tillfälle 2\n        datum: \"2019-06-01\"\n        slutdatum: \"2020-02-01\"\n"
        );
        let findings = check_one("IKP112", &yaml);
        assert_eq!(findings.len(), 2);
        assert_eq!(
            findings[0].message.sv,
            "tillfället «tillfälle 1» för kontrollen K4 har slutdatum 2018-12-31, före året 2019 som uppföljningen gäller"
        );
        assert_eq!(&yaml[findings[0].primary.span.range()], "\"2018-12-31\"");
        assert_eq!(
            findings[1].message.sv,
            "tillfället «tillfälle 2» för kontrollen K4 har slutdatum 2020-02-01, mer än 31 dagar efter året 2019 som uppföljningen gäller"
        );
    }

    #[test]
    fn the_annual_report_may_be_dated_in_january() {
        let yaml = format!(
            "{FU}      - period: VB\n        datum: \"2020-01-31\"\n      - period: T1\n        slutdatum: \"2019-01-01\"\n"
        );
        assert!(check_one("IKP112", &yaml).is_empty());
        let strict = "[\"uppföljning\"]\n\"dagar_efter_året\" = 0\n";
        assert_eq!(
            check_with("IKP112", &[("u.yaml", &yaml)], Some(strict)).len(),
            1
        );
    }

    #[test]
    fn an_absurd_year_is_no_crash() {
        let yaml =
            FU.replace("år: 2019", "år: 9223372036854775807") + "      - datum: \"2019-04-30\"\n";
        let findings = check_one("IKP112", &yaml);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .message
                .sv
                .contains("före året 9223372036854775807")
        );
    }

    #[test]
    fn a_missing_date_is_reported_only_where_required() {
        let yaml = format!("{FU}      - period: T1\n        status: Inga avvikelser\n");
        assert!(check_one("IKP112", &yaml).is_empty());
        let findings = check_with(
            "IKP112",
            &[("u.yaml", &yaml)],
            Some("profil = \"fyrgradig\"\n"),
        );
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.sv.ends_with(
            "saknar datum; kommunen kräver `datum` eller `slutdatum` för varje tillfälle"
        ));
        assert_eq!(&yaml[findings[0].primary.span.range()], "period: T1");
    }
}
