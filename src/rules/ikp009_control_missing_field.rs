//! IKP009 — a control lacks a field the municipality requires of every control.

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::ControlField;
use crate::finding::{Finding, Severity, Subject};
use crate::model::{Control, DocKind, Spanned};
use crate::text;

pub struct ControlMissingField;

pub static RULE: ControlMissingField = ControlMissingField;

static META: RuleMeta = RuleMeta {
    code: "IKP009",
    name: "kontroll-saknar-uppgift",
    // Warning, not error: the control exists and may well be carried out; what is missing is
    // part of its description that the municipality's rules ask for (who, how often, to whom).
    // That is a gap to fill before adoption, not a contradiction in the document.
    default_severity: Severity::Warning,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "En kontroll saknar en uppgift som kommunen kräver",
        en: "A control lacks a field the municipality requires",
    },
    basis: StaticText {
        sv: "Kommunens reglemente eller riktlinjer för intern kontroll (profilens `kontroll.obligatoriska_fält`).",
        en: "The municipality's internal-control regulation or guidelines (the profile's `kontroll.obligatoriska_fält`).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en kontroll som saknar något av de fält som kommunen kräver av varje kontroll
(profilens `kontroll.obligatoriska_fält`: till exempel `frekvens`, `ansvarig`,
`rapporteras_till`, `tidpunkt`, `metod`). Ett tomt fält räknas som saknat. Ett fynd per
kontroll, med alla fält som saknas.

## Varför är det dåligt
En kontroll utan ansvarig blir inte gjord; en kontroll utan frekvens eller tidpunkt kan inte
följas upp; utan mottagare når resultatet inte nämnden. Kommuner som skriver in kraven i sitt
reglemente (som i exemplet med fyrgradig skala) granskas mot dem. Regeln ger varning:
kontrollen finns, men beskrivningen är ofullständig.

## Grund
Kommunens reglemente eller riktlinjer för intern kontroll. Vilka fält som krävs är kommunens
val och står i profilen; Stockholmsprofilen kräver inga.

## Exempel
```yaml
# profilen kräver frekvens, ansvarig, rapporteras_till och tidpunkt
kontroller:
  - id: K1
    risker: [1]
    kontrollaktivitet: Uppföljning av verkställighet av politiskt fattade beslut
    metod: Sammanställning av fattade beslut och verkställighet.
```

## Åtgärd
Fyll i de fält som saknas, till exempel `frekvens: Tertialvis`, `ansvarig: Förvaltningschef`,
`rapporteras_till: Nämnden`, `tidpunkt: T2 och VB`.
";

const DOC_EN: &str = "\
## What it does
Reports a control that lacks one of the fields the municipality requires of every control
(the profile's `kontroll.obligatoriska_fält`: for example `frekvens`, `ansvarig`,
`rapporteras_till`, `tidpunkt`, `metod`). An empty field counts as missing. One finding per
control, listing every missing field.

## Why is this bad
A control without anyone responsible does not get done; one without frequency or time cannot
be followed up; without a recipient the result never reaches the committee. Municipalities
that write these requirements into their regulation (as in the four-step example) are
audited against them. The rule is a warning: the control exists, but its description is
incomplete.

## Basis
The municipality's internal-control regulation or guidelines. Which fields are required is
the municipality's choice and lives in the profile; the Stockholm profile requires none.

## Example
```yaml
# the profile requires frekvens, ansvarig, rapporteras_till and tidpunkt
kontroller:
  - id: K1
    risker: [1]
    kontrollaktivitet: Uppföljning av verkställighet av politiskt fattade beslut
    metod: Sammanställning av fattade beslut och verkställighet.
```

## Fix
Fill in the missing fields, for example `frekvens: Tertialvis`, `ansvarig: Förvaltningschef`,
`rapporteras_till: Nämnden`, `tidpunkt: T2 och VB`.
";

/// The value of a field of a control.
fn field(control: &Control, which: ControlField) -> Option<&Spanned<String>> {
    match which {
        ControlField::Frequency => control.frequency.as_ref(),
        ControlField::Responsible => control.responsible.as_ref(),
        ControlField::ReportedTo => control.reported_to.as_ref(),
        ControlField::ReportingTime => control.reporting_time.as_ref(),
        ControlField::Method => control.method.as_ref(),
        ControlField::SystematicControl => control.systematic_control.as_ref(),
        ControlField::ControlActivity => control.control_activity.as_ref(),
        ControlField::Process => control.process.as_ref(),
        ControlField::WorkingMethod => control.working_method.as_ref(),
    }
}

impl Rule for ControlMissingField {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        let required = &cx.profile.control.required_fields;
        if required.is_empty() {
            return;
        }
        for control in &plan.controls {
            let mut missing: Vec<&str> = Vec::new();
            for &which in required {
                let present = field(control, which).is_some_and(|v| !v.value.trim().is_empty());
                let key = which.key();
                if !present && !missing.contains(&key) {
                    missing.push(key);
                }
            }
            if missing.is_empty() {
                continue;
            }
            let id = &control.id.value;
            let list = missing.join(", ");
            let example = missing
                .iter()
                .map(|k| format!("`{k}:`"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(
                cx.finding(
                    self,
                    control.id.span,
                    text!(
                        "kontroll {id} saknar {list}, som kommunen kräver av varje kontroll",
                        "control {id} lacks {list}, which the municipality requires of every control"
                    ),
                    Subject::new(entity::control(control), list.clone()),
                )
                .with_help(text!(
                    "fyll i {example} i kontroll {id}",
                    "fill in {example} in control {id}"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{check_one, check_with};

    const PLAN: &str = "typ: plan\nnämnd: Nämnden för IT-förvaltningen\når: 2019\nrisker:\n  - nr: 1\nkontroller:\n  - id: K1\n    risker: [1]\n    kontrollaktivitet: Uppföljning av verkställighet av politiskt fattade beslut\n    metod: Sammanställning av fattade beslut och verkställighet.\n";

    fn fyrgradig(yaml: &str) -> Vec<crate::finding::Finding> {
        check_with(
            "IKP009",
            &[("plan.yaml", yaml)],
            Some("profil = \"fyrgradig\"\n"),
        )
    }

    #[test]
    fn fires_once_per_control_listing_every_missing_field() {
        let yaml = format!("{PLAN}    frekvens: Tertialvis\n    ansvarig: \"\"\n");
        let findings = fyrgradig(&yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "kontroll K1 saknar ansvarig, rapporteras_till, tidpunkt, som kommunen kräver av varje kontroll"
        );
        assert_eq!(
            findings[0].subject.content,
            "ansvarig, rapporteras_till, tidpunkt"
        );
    }

    #[test]
    fn silent_when_every_required_field_is_filled_in() {
        let yaml = format!(
            "{PLAN}    frekvens: Tertialvis\n    ansvarig: IT-chef\n    rapporteras_till: Nämnden\n    tidpunkt: T2 och VB\n"
        );
        assert!(fyrgradig(&yaml).is_empty());
    }

    #[test]
    fn silent_when_the_profile_requires_nothing() {
        assert!(check_one("IKP009", PLAN).is_empty());
    }

    #[test]
    fn the_required_fields_come_from_the_configuration() {
        let config = "profil = \"stockholm\"\n[kontroll]\n\"obligatoriska_fält\" = [\"metod\", \"arbetssätt\"]\n";
        let findings = check_with("IKP009", &[("plan.yaml", PLAN)], Some(config));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].subject.content, "arbetssätt");
    }

    #[test]
    fn a_misspelt_field_name_is_a_configuration_error() {
        let config =
            "profil = \"stockholm\"\n[kontroll]\n\"obligatoriska_fält\" = [\"frekvenz\"]\n";
        let err = crate::config::Config::from_text(config, None).unwrap_err();
        assert!(err.message.contains("frekvenz"), "{}", err.message);
    }
}
