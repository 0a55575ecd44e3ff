//! Writing workbooks (rust_xlsxwriter): a document laid out as förvaltningar lay theirs out
//! (a metadata block above each table, merged Process cells), and templates (`ikp mall`) with
//! dropdowns for the profile's levels and words, RV as a formula and the zones in colour.

use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DocProperties,
    ExcelDateTime, Format, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::headers::Field;
use crate::config::Profile;
use crate::tree::{Node, Value};

/// How a plan is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanLayout {
    /// VoR and IKP on sheets of their own.
    TwoSheets,
    /// Everything on one sheet, the IKP table under the VoR table.
    OneSheet,
}

/// Rows a template leaves empty for the staff to fill.
const TEMPLATE_ROWS: u32 = 60;

const RISK_FIELDS: &[Field] = &[
    Field::Nr,
    Field::Goal,
    Field::Process,
    Field::WorkingMethod,
    Field::Area,
    Field::Event,
    Field::Likelihood,
    Field::Consequence,
    Field::RiskValue,
    Field::Ikp,
    Field::Justification,
    Field::Exemption,
];

const CONTROL_FIELDS: &[Field] = &[
    Field::Id,
    Field::Risks,
    Field::Process,
    Field::WorkingMethod,
    Field::SystematicControl,
    Field::Activity,
    Field::Frequency,
    Field::Responsible,
    Field::ReportedTo,
    Field::ReportingTime,
    Field::Method,
    Field::KsPoint,
    Field::Exemption,
];

const FOLLOW_UP_FIELDS: &[Field] = &[
    Field::Control,
    Field::Goal,
    Field::Area,
    Field::Process,
    Field::Activity,
    Field::Event,
    Field::Method,
    Field::Period,
    Field::Date,
    Field::Status,
    Field::Comment,
    Field::Responsible,
    Field::EndDate,
    Field::Action,
    Field::ActionStatus,
    Field::Exemption,
];

struct Styles {
    header: Format,
    label: Format,
    wrap: Format,
    merged: Format,
    zones: Vec<Format>,
}

fn styles() -> Styles {
    let border = |f: Format| f.set_border(FormatBorder::Thin);
    Styles {
        header: border(
            Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xD9E1F2)),
        ),
        label: Format::new().set_bold(),
        wrap: Format::new()
            .set_text_wrap()
            .set_align(rust_xlsxwriter::FormatAlign::Top),
        merged: Format::new()
            .set_text_wrap()
            .set_align(rust_xlsxwriter::FormatAlign::Top),
        zones: [0xFFC7CE, 0xFFEB9C, 0xC6EFCE, 0xDDEBF7]
            .iter()
            .map(|c| Format::new().set_background_color(Color::RGB(*c)))
            .collect(),
    }
}

fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    // A fixed creation time keeps generated files byte-for-byte the same from run to run.
    if let Ok(when) = ExcelDateTime::from_ymd(2025, 1, 1) {
        let props = DocProperties::new()
            .set_author("ikp")
            .set_creation_datetime(&when);
        wb.set_properties(&props);
    }
    wb
}

fn width(field: Field) -> f64 {
    match field {
        Field::Nr
        | Field::Id
        | Field::Control
        | Field::Likelihood
        | Field::Consequence
        | Field::RiskValue => 9.0,
        Field::Ikp | Field::Goal | Field::Risks | Field::Period | Field::KsPoint => 11.0,
        Field::Event
        | Field::Activity
        | Field::Comment
        | Field::SystematicControl
        | Field::Method
        | Field::WorkingMethod => 42.0,
        Field::Process | Field::Action => 30.0,
        _ => 16.0,
    }
}

fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "ja" } else { "nej" }.into()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Str(s) => Some(s.clone()),
        Value::Seq(items) => Some(
            items
                .iter()
                .filter_map(|n| match &n.value {
                    Value::Map(_) => {
                        let regel = n.get("regel").and_then(scalar)?;
                        Some(match n.get("motivering").and_then(scalar) {
                            Some(m) => format!("{regel}: {m}"),
                            None => regel,
                        })
                    }
                    _ => scalar(n),
                })
                .collect::<Vec<_>>()
                .join(if items.iter().any(|n| matches!(n.value, Value::Map(_))) {
                    "; "
                } else {
                    ", "
                }),
        ),
        Value::Map(_) => None,
    }
}

fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    node: &Node,
    format: &Format,
) -> Result<(), XlsxError> {
    match &node.value {
        Value::Int(i) => {
            ws.write_number_with_format(row, col, *i as f64, format)?;
        }
        Value::Float(f) => {
            ws.write_number_with_format(row, col, *f, format)?;
        }
        _ => {
            if let Some(s) = scalar(node) {
                let shown = match (&node.value, s.as_str()) {
                    (Value::Str(_), "ja") => "Ja".to_string(),
                    (Value::Str(_), "nej") => "Nej, endast VoR".to_string(),
                    _ => s,
                };
                ws.write_string_with_format(row, col, &shown, format)?;
            }
        }
    }
    Ok(())
}

/// The metadata block: `Label:` in column A, the value in B. Returns the next free row.
fn metadata(
    ws: &mut Worksheet,
    root: &Node,
    keys: &[(&str, &str)],
    st: &Styles,
    mut row: u32,
) -> Result<u32, XlsxError> {
    for (key, label) in keys {
        ws.write_string_with_format(row, 0, format!("{label}:"), &st.label)?;
        if let Some(v) = root.get(key) {
            write_value(ws, row, 1, v, &Format::new())?;
        }
        row += 1;
    }
    Ok(row)
}

fn matrix(ws: &mut Worksheet, root: &Node, st: &Styles, mut row: u32) -> Result<u32, XlsxError> {
    let Some(m) = root.get("riskmatris") else {
        return Ok(row);
    };
    if let Some(t) = m.get("totalt") {
        ws.write_string_with_format(row, 0, "Totalt:", &st.label)?;
        write_value(ws, row, 1, t, &Format::new())?;
        row += 1;
    }
    if let Some(Value::Map(zones)) = m.get("zoner").map(|z| &z.value) {
        for e in zones {
            if let Some(k) = e.key.as_str() {
                ws.write_string_with_format(row, 0, format!("{k}:"), &st.label)?;
                write_value(ws, row, 1, &e.value, &Format::new())?;
                row += 1;
            }
        }
    }
    Ok(row)
}

fn items<'a>(root: &'a Node, key: &str) -> &'a [Node] {
    match root.get(key).map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// The fields a table shows: those any item has (a faithful copy), or all (a template).
fn used(fields: &[Field], rows: &[Node], template: bool, always: &[Field]) -> Vec<Field> {
    fields
        .iter()
        .copied()
        .filter(|f| template || always.contains(f) || rows.iter().any(|r| r.get(f.key()).is_some()))
        .collect()
}

fn header(ws: &mut Worksheet, row: u32, fields: &[Field], st: &Styles) -> Result<(), XlsxError> {
    for (i, f) in fields.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, f.title(), &st.header)?;
        ws.set_column_width(i as u16, width(*f))?;
    }
    Ok(())
}

/// Rows of a table; cells of `merge` equal to the row above are merged with it, as
/// förvaltningar do with Process.
fn rows(
    ws: &mut Worksheet,
    first: u32,
    fields: &[Field],
    items: &[Node],
    merge: &[Field],
    st: &Styles,
) -> Result<u32, XlsxError> {
    for (i, item) in items.iter().enumerate() {
        let row = first + i as u32;
        for (c, f) in fields.iter().enumerate() {
            if let Some(v) = item.get(f.key()) {
                write_value(ws, row, c as u16, v, &st.wrap)?;
            }
        }
    }
    for (c, f) in fields.iter().enumerate() {
        if !merge.contains(f) {
            continue;
        }
        let mut start = 0;
        while start < items.len() {
            let value = items[start].get(f.key()).and_then(scalar);
            let mut end = start;
            while end + 1 < items.len()
                && value.is_some()
                && items[end + 1].get(f.key()).and_then(scalar) == value
            {
                end += 1;
            }
            if end > start
                && let Some(v) = &value
            {
                ws.merge_range(
                    first + start as u32,
                    c as u16,
                    first + end as u32,
                    c as u16,
                    v,
                    &st.merged,
                )?;
            }
            start = end + 1;
        }
    }
    Ok(first + items.len() as u32)
}

fn col_of(fields: &[Field], f: Field) -> Option<u16> {
    fields.iter().position(|x| *x == f).map(|i| i as u16)
}

fn list(values: &[String], title: &str) -> Result<DataValidation, XlsxError> {
    // A list validation separates its choices by commas: a choice cannot hold one.
    let values: Vec<String> = values.iter().map(|v| v.replace(',', " –")).collect();
    DataValidation::new()
        .allow_list_strings(&values)?
        .ignore_blank(true)
        .set_input_title(title)
}

fn levels(names: &[String]) -> Vec<String> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{} – {n}", i + 1))
        .collect()
}

/// Dropdowns, the RV formula and the zone colours on the risk rows `first..=last`.
fn risk_aids(
    ws: &mut Worksheet,
    fields: &[Field],
    first: u32,
    last: u32,
    profile: &Profile,
    st: &Styles,
    formulas: bool,
) -> Result<(), XlsxError> {
    let s = col_of(fields, Field::Likelihood);
    let k = col_of(fields, Field::Consequence);
    if let Some(c) = s {
        ws.add_data_validation(
            first,
            c,
            last,
            c,
            &list(&levels(&profile.scale.likelihood), "Sannolikhet")?,
        )?;
    }
    if let Some(c) = k {
        ws.add_data_validation(
            first,
            c,
            last,
            c,
            &list(&levels(&profile.scale.consequence), "Konsekvens")?,
        )?;
    }
    if let Some(c) = col_of(fields, Field::Ikp) {
        // No comma in a choice: a list validation separates its choices by commas.
        let choices = ["Ja".to_string(), "Nej (endast VoR)".to_string()];
        ws.add_data_validation(first, c, last, c, &list(&choices, "Ingår i IKP")?)?;
    }
    if let (Some(rv), Some(s), Some(k)) = (col_of(fields, Field::RiskValue), s, k) {
        if formulas {
            let (sl, kl) = (
                crate::source::column_letters(u32::from(s)),
                crate::source::column_letters(u32::from(k)),
            );
            for row in first..=last {
                let (sa, ka) = (format!("{sl}{}", row + 1), format!("{kl}{}", row + 1));
                // The number before "–" of a dropdown choice ("3 – Möjlig"), or the number itself.
                let f = format!(
                    "=IF(OR({sa}=\"\",{ka}=\"\"),\"\",VALUE(LEFT({sa},FIND(\" \",{sa}&\" \")-1))*VALUE(LEFT({ka},FIND(\" \",{ka}&\" \")-1)))"
                );
                ws.write_formula(row, rv, Formula::new(f).set_result(""))?;
            }
        }
        for (i, zone) in profile.zones.iter().enumerate() {
            let upper = if i == 0 {
                None
            } else {
                profile.zones.get(i - 1).map(|z| z.min_rv - 1)
            };
            let rule = match upper {
                None => ConditionalFormatCellRule::GreaterThanOrEqualTo(zone.min_rv as f64),
                Some(u) => ConditionalFormatCellRule::Between(zone.min_rv as f64, u as f64),
            };
            let format = st.zones.get(i).cloned().unwrap_or_default();
            ws.add_conditional_format(
                first,
                rv,
                last,
                rv,
                &ConditionalFormatCell::new()
                    .set_rule(rule)
                    .set_format(format),
            )?;
        }
    }
    Ok(())
}

fn instructions(wb: &mut Workbook, lines: &[&str]) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("Instruktioner")?;
    ws.set_column_width(0, 110)?;
    let bold = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap();
    for (i, line) in lines.iter().enumerate() {
        let f = if i == 0 { &bold } else { &wrap };
        ws.write_string_with_format(i as u32, 0, *line, f)?;
    }
    Ok(())
}

const PLAN_KEYS: &[(&str, &str)] = &[
    ("typ", "Typ"),
    ("kommun", "Kommun"),
    ("nämnd", "Nämnd"),
    ("år", "År"),
    ("fastställd", "Fastställd"),
    ("källa", "Källa"),
];

/// A plan as a workbook. `template`: dropdowns, formulas and empty rows to fill.
pub fn plan(
    root: &Node,
    layout: PlanLayout,
    profile: &Profile,
    template: bool,
) -> Result<Vec<u8>, XlsxError> {
    let st = styles();
    let mut wb = new_workbook();
    let risks = items(root, "risker");
    let controls = items(root, "kontroller");
    let rf = used(
        RISK_FIELDS,
        risks,
        template,
        &[
            Field::Nr,
            Field::Event,
            Field::Likelihood,
            Field::Consequence,
            Field::RiskValue,
        ],
    );
    let cf = used(
        CONTROL_FIELDS,
        controls,
        template,
        &[Field::Id, Field::Risks, Field::Activity],
    );
    let extra = if template { TEMPLATE_ROWS } else { 0 };
    {
        let ws = wb
            .add_worksheet()
            .set_name(if layout == PlanLayout::OneSheet {
                "Plan"
            } else {
                "VoR"
            })?;
        ws.set_column_width(0, 14)?;
        let mut row = metadata(ws, root, PLAN_KEYS, &st, 0)?;
        row = matrix(ws, root, &st, row)?;
        row += 1;
        let header_row = row;
        header(ws, header_row, &rf, &st)?;
        ws.set_freeze_panes(header_row + 1, 0)?;
        let end = rows(
            ws,
            header_row + 1,
            &rf,
            risks,
            &[Field::Process, Field::Goal],
            &st,
        )?;
        let last = end + extra;
        if template || !risks.is_empty() {
            risk_aids(
                ws,
                &rf,
                header_row + 1,
                last.max(header_row + 1),
                profile,
                &st,
                template,
            )?;
        }
        if layout == PlanLayout::OneSheet {
            let title_row = last + 1;
            ws.write_string_with_format(title_row, 0, "Internkontrollplan", &st.label)?;
            header(ws, title_row + 1, &cf, &st)?;
            rows(
                ws,
                title_row + 2,
                &cf,
                controls,
                &[
                    Field::Process,
                    Field::WorkingMethod,
                    Field::SystematicControl,
                ],
                &st,
            )?;
        }
    }
    if layout == PlanLayout::TwoSheets {
        let ws = wb.add_worksheet().set_name("IKP")?;
        header(ws, 0, &cf, &st)?;
        ws.set_freeze_panes(1, 0)?;
        rows(
            ws,
            1,
            &cf,
            controls,
            &[
                Field::Process,
                Field::WorkingMethod,
                Field::SystematicControl,
            ],
            &st,
        )?;
    }
    if template {
        let s = profile.scale.likelihood.len();
        let threshold = profile.ikp.threshold;
        let text = format!(
            "Fyll i en risk per rad. Sannolikhet (S) och konsekvens (K) väljs i listan, skala 1–{s}; riskvärdet (RV) räknas ut av sig självt."
        );
        let ikp = format!(
            "IKP: välj Ja om risken tas med i internkontrollplanen. Risker med riskvärde {threshold} eller mer ska normalt vara med; annars skriv en motivering."
        );
        instructions(
            &mut wb,
            &[
                "Så fyller du i planen",
                "Fyll i uppgifterna överst: Nämnd, År och datum då nämnden fastställde planen (ÅÅÅÅ-MM-DD).",
                &text,
                &ikp,
                "Bladet IKP: en kontroll per rad. Id är kontrollens beteckning (K1, K2 …), Risk nr är numret på risken den hanterar (flera skrivs 3, 7).",
                "Undantag: skriv regelns kod och motivering, till exempel «IKP002: beslutat av nämnden 2025-01-20».",
                "Kontrollera filen med: ikp check plan.xlsx — ikp säger vilken cell som behöver rättas.",
            ],
        )?;
    }
    wb.save_to_buffer()
}

const FOLLOW_UP_KEYS: &[(&str, &str)] = &[
    ("typ", "Typ"),
    ("kommun", "Kommun"),
    ("nämnd", "Nämnd"),
    ("år", "År"),
    ("plan", "Plan"),
    ("bedömning", "Bedömning"),
];

/// A follow-up as a workbook: one row per control and occasion, one more per further action.
pub fn follow_up(root: &Node, profile: &Profile, template: bool) -> Result<Vec<u8>, XlsxError> {
    let st = styles();
    let mut wb = new_workbook();
    let controls = items(root, "kontroller");
    // Flatten control × occasion × action into rows of plain fields.
    let mut flat: Vec<Vec<(Field, Node)>> = Vec::new();
    for c in controls {
        let head: Vec<(Field, Node)> = FOLLOW_UP_FIELDS
            .iter()
            .filter(|f| {
                !matches!(
                    f,
                    Field::Period
                        | Field::Date
                        | Field::Status
                        | Field::Comment
                        | Field::Responsible
                        | Field::EndDate
                        | Field::Action
                        | Field::ActionStatus
                        | Field::Exemption
                )
            })
            .filter_map(|f| c.get(f.key()).map(|v| (*f, v.clone())))
            .collect();
        let occasions = items(c, "tillfällen");
        if occasions.is_empty() {
            flat.push(head.clone());
        }
        for o in occasions {
            let mut row = head.clone();
            for f in [
                Field::Period,
                Field::Date,
                Field::Status,
                Field::Comment,
                Field::Responsible,
                Field::EndDate,
                Field::Exemption,
            ] {
                if let Some(v) = o.get(f.key()) {
                    row.push((f, v.clone()));
                }
            }
            let actions = items(o, "åtgärder");
            for (i, a) in actions.iter().enumerate() {
                let mut r = if i == 0 { row.clone() } else { Vec::new() };
                if let Some(v) = a.get("åtgärd") {
                    r.push((Field::Action, v.clone()));
                }
                if let Some(v) = a.get("status") {
                    r.push((Field::ActionStatus, v.clone()));
                }
                flat.push(r);
            }
            if actions.is_empty() {
                flat.push(row);
            }
        }
    }
    let nodes: Vec<Node> = flat
        .iter()
        .map(|r| Node {
            value: Value::Map(
                r.iter()
                    .map(|(f, v)| crate::tree::Entry {
                        key: Node {
                            value: Value::Str(f.key().into()),
                            span: Default::default(),
                        },
                        value: v.clone(),
                    })
                    .collect(),
            ),
            span: Default::default(),
        })
        .collect();
    let ff = used(
        FOLLOW_UP_FIELDS,
        &nodes,
        template,
        &[Field::Control, Field::Period, Field::Status, Field::Comment],
    );
    {
        let ws = wb.add_worksheet().set_name("Uppföljning")?;
        ws.set_column_width(0, 14)?;
        let mut row = metadata(ws, root, FOLLOW_UP_KEYS, &st, 0)?;
        row += 1;
        let header_row = row;
        header(ws, header_row, &ff, &st)?;
        ws.set_freeze_panes(header_row + 1, 0)?;
        let end = rows(ws, header_row + 1, &ff, &nodes, &[], &st)?;
        // A template made from a plan has its rows; an empty one leaves rows to fill.
        let last = if nodes.is_empty() {
            header_row + TEMPLATE_ROWS
        } else {
            end - 1
        };
        if template {
            let words: Vec<String> = profile.status.preferred.values().cloned().collect();
            if let Some(c) = col_of(&ff, Field::Status) {
                ws.add_data_validation(header_row + 1, c, last, c, &list(&words, "Status")?)?;
            }
            let mut actions = profile.status.action_open.clone();
            actions.extend(profile.status.action_closed.iter().cloned());
            if let Some(c) = col_of(&ff, Field::ActionStatus) {
                ws.add_data_validation(
                    header_row + 1,
                    c,
                    last,
                    c,
                    &list(&actions, "Åtgärdsstatus")?,
                )?;
            }
        }
    }
    if template {
        instructions(
            &mut wb,
            &[
                "Så fyller du i uppföljningen",
                "Varje rad är en kontroll vid ett uppföljningstillfälle (T1, T2, VB). Raderna kommer från planen: ta inte bort någon.",
                "Status väljs i listan. Beskriv i Kommentar vad kontrollen visade; vid en avvikelse också vad som görs.",
                "Åtgärd och Åtgärdsstatus: en åtgärd per rad. Fler åtgärder för samma tillfälle skrivs på raderna under, med bara åtgärdskolumnerna ifyllda.",
                "Kontrollera filen med: ikp check uppfoljning.xlsx — ikp säger vilken cell som behöver rättas.",
            ],
        )?;
    }
    wb.save_to_buffer()
}

const KS_KEYS: &[(&str, &str)] = &[
    ("typ", "Typ"),
    ("kommun", "Kommun"),
    ("år", "År"),
    ("beslut", "Beslut"),
    ("anmärkning", "Anmärkning"),
];

/// KS-gemensamma kontrollpunkter as a workbook.
pub fn ks_points(root: &Node, template: bool) -> Result<Vec<u8>, XlsxError> {
    let st = styles();
    let mut wb = new_workbook();
    let points = items(root, "punkter");
    let fields = [Field::Id, Field::Title, Field::Description];
    {
        let ws = wb.add_worksheet().set_name("KS-punkter")?;
        ws.set_column_width(0, 14)?;
        let row = metadata(ws, root, KS_KEYS, &st, 0)? + 1;
        header(ws, row, &fields, &st)?;
        ws.set_column_width(1, 40)?;
        ws.set_column_width(2, 70)?;
        ws.set_freeze_panes(row + 1, 0)?;
        rows(ws, row + 1, &fields, points, &[], &st)?;
    }
    if template {
        instructions(
            &mut wb,
            &[
                "Så fyller du i KS-gemensamma kontrollpunkter",
                "Fyll i Kommun, År och kommunstyrelsens beslut (datum och diarienummer) överst.",
                "En kontrollpunkt per rad: Id (till exempel KS1), Titel och Beskrivning. Varje nämnds plan ska ha en kontroll med ks_punkt = Id.",
                "Kontrollera filen med: ikp check ks-punkter.xlsx",
            ],
        )?;
    }
    wb.save_to_buffer()
}
