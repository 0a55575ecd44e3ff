//! IKP109 — a document-level section the profile requires is missing or empty.

use super::followup::has_words;
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::Section;
use crate::finding::{Finding, Severity, Subject, Text};
use crate::model::DocKind;
use crate::text;

pub struct EmptySection;

pub static RULE: EmptySection = EmptySection;

static META: RuleMeta = RuleMeta {
    code: "IKP109",
    name: "tomt-avsnitt",
    default_severity: Severity::Warning,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "Ett obligatoriskt avsnitt i uppföljningen saknas eller är tomt",
        en: "A required section of the follow-up is missing or empty",
    },
    basis: StaticText {
        sv: "Kommunens reglemente eller riktlinjer för intern kontroll (uppföljningens innehåll).",
        en: "The municipality's internal-control rules or guidelines (contents of the follow-up).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar ett avsnitt på dokumentnivå som kommunen kräver men som saknas eller är tomt (bara
blanktecken eller skiljetecken). Vilka avsnitt som krävs står i profilen
(`uppföljning.obligatoriska_avsnitt`): `slutsatser` (\"Slutsatser av uppföljning\"),
`åtgärder` (\"Åtgärder\") och `analys` (analysen bakom nämndens bedömning). Ett fynd per avsnitt.

## Varför är det dåligt
Uppföljningen av varje kontroll säger vad som hände; slutsatserna och åtgärderna säger vad
nämnden tänker göra åt det. En rubrik utan text ser ut som en slutsats men innehåller ingen,
och revisorerna kan inte se att nämnden har tagit ställning.

## Grund
Kommunens reglemente eller riktlinjer för intern kontroll, som anger vad uppföljningen ska
innehålla (till exempel rubrikerna \"Slutsatser av uppföljning\" och \"Åtgärder\").
Allvarlighetsgrad *varning*: uppföljningen av kontrollerna finns, det är sammanfattningen som
saknas. En kommun som ser strängare på det kan sätta regeln till `fel` i `ikp.toml`.

## Exempel
```yaml
slutsatser: \"\"
åtgärder: \"\"
```

## Åtgärd
Skriv avsnittet: vad uppföljningen visar och vilka slutsatser nämnden drar, vilka åtgärder
avvikelserna leder till. Behövs inga åtgärder, skriv det uttryckligen och varför.
";

const DOC_EN: &str = "\
## What it does
Reports a document-level section that the municipality requires but that is missing or empty
(white space or punctuation only). The required sections are set in the profile
(`uppföljning.obligatoriska_avsnitt`): `slutsatser` (conclusions), `åtgärder` (actions) and
`analys` (the analysis behind the committee's judgement). One finding per section.

## Why is this bad
The follow-up of each control says what happened; the conclusions and actions say what the
committee intends to do about it. A heading without text looks like a conclusion but holds
none, and the auditors cannot see that the committee has taken a position.

## Basis
The municipality's internal-control rules or guidelines, which state what the follow-up must
contain (for example the headings \"Slutsatser av uppföljning\" and \"Åtgärder\"). Severity
*warning*: the follow-up of the controls is there, the summary is missing. A municipality that
takes a stricter view can set the rule to `fel` in `ikp.toml`.

## Example
```yaml
slutsatser: \"\"
åtgärder: \"\"
```

## Fix
Write the section: what the follow-up shows and which conclusions the committee draws, which
actions the deviations lead to. If no actions are needed, say so explicitly and why.
";

/// What to write in a section.
fn what_to_write(section: Section) -> Text {
    match section {
        Section::Conclusions => Text::new(
            "sammanfatta vad uppföljningen visar och vilka slutsatser nämnden drar",
            "summarise what the follow-up shows and which conclusions the committee draws",
        ),
        Section::Actions => Text::new(
            "beskriv vilka åtgärder avvikelserna leder till, eller skriv uttryckligen att inga behövs och varför",
            "describe which actions the deviations lead to, or say explicitly that none are needed and why",
        ),
        Section::Analysis => Text::new(
            "motivera nämndens bedömning av den interna kontrollen",
            "give the reasons for the committee's judgement of the internal control",
        ),
    }
}

impl Rule for EmptySection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        for &section in &cx.profile.follow_up.required_sections {
            let value = match section {
                Section::Conclusions => &fu.conclusions,
                Section::Actions => &fu.actions,
                Section::Analysis => &fu.analysis,
            };
            let key = section.key();
            let (span, message) = match value {
                Some(v) if has_words(&v.value) => continue,
                Some(v) => (
                    cx.source.first_line(v.span),
                    text!("avsnittet `{key}` är tomt", "the section `{key}` is empty"),
                ),
                // A missing section has no place of its own; the document's head stands for it.
                None => (
                    fu.committee.span,
                    text!(
                        "avsnittet `{key}` saknas i uppföljningen",
                        "the section `{key}` is missing from the follow-up"
                    ),
                ),
            };
            let what = what_to_write(section);
            let (what_sv, what_en) = (&what.sv, &what.en);
            out.push(
                cx.finding(self, span, message, Subject::new(entity::DOCUMENT, key))
                    .with_help(text!(
                        "fyll i avsnittet `{key}`, som kommunen kräver: {what_sv}",
                        "fill in the section `{key}`, which the municipality requires: {what_en}"
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{check_one, check_with};

    const FU: &str = "typ: uppföljning\nnämnd: Nämnden för IT-förvaltningen\når: 2019\n";
    const FYRGRADIG: &str = "profil = \"fyrgradig\"\n";

    fn check(yaml: &str) -> Vec<crate::finding::Finding> {
        check_with("IKP109", &[("u.yaml", yaml)], Some(FYRGRADIG))
    }

    #[test]
    fn fires_on_empty_sections() {
        let yaml = format!("{FU}slutsatser: \"\"\nåtgärder: \" \"\n");
        let findings = check(&yaml);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].message.sv, "avsnittet `slutsatser` är tomt");
        assert_eq!(&yaml[findings[0].primary.span.range()], "\"\"");
        assert_eq!(findings[1].subject.content, "åtgärder");
    }

    #[test]
    fn fires_on_a_missing_section() {
        let yaml = format!("{FU}slutsatser: Kontrollerna fungerar.\n");
        let findings = check(&yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "avsnittet `åtgärder` saknas i uppföljningen"
        );
    }

    #[test]
    fn silent_when_sections_are_written_or_not_required() {
        let yaml = format!(
            "{FU}slutsatser: Kontrollerna fungerar.\nåtgärder: Inga åtgärder behövs, inga avvikelser.\n"
        );
        assert!(check(&yaml).is_empty());
        // Stockholm's profile requires no section.
        assert!(check_one("IKP109", &format!("{FU}slutsatser: \"\"\n")).is_empty());
    }
}
