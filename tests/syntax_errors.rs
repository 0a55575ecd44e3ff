//! YAML syntax errors as a person sees them (IKP901): the cause in Swedish, the caret on the
//! line to edit and the fix — one test per common cause, through the real binary, with a
//! snapshot of the human output (`cargo insta review` after a deliberate change).

use std::process::Command;

/// Check one file named `plan.yaml` in a fresh directory: human output and exit code.
fn human(text: &str) -> (String, i32) {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(dir.path().join("plan.yaml"), text).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_ikp"))
        .args(["check", "plan.yaml"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("the ikp binary runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The output names IKP901 once, with `message` at `line:column`, and exits 2. Gives the
/// finding as shown (without the summary line, which other features extend).
fn assert_syntax_error(text: &str, message: &str, at: &str) -> String {
    let (out, code) = human(text);
    assert_eq!(code, 2, "{out}");
    assert_eq!(out.matches("fel[IKP901]").count(), 1, "{out}");
    assert!(out.contains(&format!("fel[IKP901]: {message}\n")), "{out}");
    assert!(out.contains(&format!("plan.yaml:{at}\n")), "{out}");
    match out.split_once("\n\n") {
        Some((finding, _)) => finding.to_string(),
        None => out,
    }
}

const HEAD: &str = "typ: plan\nkommun: Uppsala\nnämnd: Miljönämnden\når: 2025\n";

#[test]
fn a_tab_in_the_indentation() {
    let text = format!("{HEAD}risker:\n  - nr: 1\n\thändelse: Fusk vid inköp\n");
    let out = assert_syntax_error(
        &text,
        "syntaxfel: tabbtecken på rad 7; YAML tillåter bara mellanslag för indrag",
        "7:1",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_missing_colon_is_reported_on_its_own_line() {
    // The parser only notices at the next key (line 9); the line to edit is 8.
    let text = format!(
        "{HEAD}risker:\n  - nr: 1\n    händelse: Fusk vid inköp\n    sannolikhet 3\n    konsekvens: 4\n"
    );
    let out = assert_syntax_error(
        &text,
        "syntaxfel: kolon saknas på rad 8; raden är varken «fält: värde» eller en listpost",
        "8:5",
    );
    assert!(
        out.contains("skriv kolon och mellanslag efter fältnamnet: «sannolikhet: 3»"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_colon_inside_a_text_asks_for_quotes() {
    let text = "typ: uppföljning\nnämnd: Miljönämnden\når: 2025\nkontroller:\n  - kontroll: K1\n    tillfällen:\n      - period: T1\n        kommentar: Resultat: stickprov på 15 fakturor visade två fel.\n";
    let out = assert_syntax_error(
        text,
        "syntaxfel: texten i «kommentar» på rad 8 innehåller «: », som YAML läser som ett nytt fält",
        "8:20",
    );
    assert!(
        out.contains(
            "sätt texten inom citattecken: kommentar: \"Resultat: stickprov på 15 fakturor visade två fel.\""
        ),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_key_indented_less_than_its_neighbours() {
    let text = format!("{HEAD}risker:\n  - nr: 1\n    händelse: Fusk\n   sannolikhet: 3\n");
    let out = assert_syntax_error(
        &text,
        "syntaxfel: fel indrag på rad 8; raden står inte i linje med fälten den hör till",
        "8:4",
    );
    assert!(
        out.contains("ställ «sannolikhet» rakt under «händelse» på rad 7 (kolumn 5)"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_key_indented_more_than_its_neighbours() {
    let text = format!("{HEAD}risker:\n  - nr: 1\n     händelse: Fusk\n");
    let out = assert_syntax_error(
        &text,
        "syntaxfel: fel indrag på rad 7; raden står inte i linje med fälten den hör till",
        "7:6",
    );
    assert!(
        out.contains("ställ «händelse» rakt under «nr» på rad 6 (kolumn 5)"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_dash_without_a_space() {
    let text = format!("{HEAD}risker:\n  - nr: 1\n    händelse: Fusk\n  -nr: 2\n");
    let out = assert_syntax_error(
        &text,
        "syntaxfel: mellanslag saknas efter «-» på rad 8",
        "8:3",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_list_item_where_a_field_belongs() {
    let text = format!("{HEAD}- nr: 1\n  händelse: Fusk\n");
    let out = assert_syntax_error(
        &text,
        "syntaxfel: en listpost («- ») på rad 5 står där ett fält väntas",
        "5:1",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_list_item_on_the_line_of_its_field() {
    let text = format!("{HEAD}risker: - nr: 1\n");
    let out = assert_syntax_error(
        &text,
        "syntaxfel: en listpost («- ») kan inte börja på samma rad som fältet «risker» (rad 5)",
        "5:9",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn an_unclosed_bracket_points_at_the_bracket_not_past_the_end() {
    // Three lines: the parser gives up at line 4, which does not exist.
    let text = "typ: plan\nnämnd: Miljönämnden\nkontroller: [K1, K2\n";
    let out = assert_syntax_error(
        text,
        "syntaxfel: «[» på rad 3 öppnas men stängs aldrig",
        "3:13",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn an_unclosed_bracket_followed_by_more_fields() {
    let text = format!("{HEAD}kontroller: [K1, K2\nrisker: []\n");
    assert_syntax_error(
        &text,
        "syntaxfel: «[» på rad 5 öppnas men stängs aldrig",
        "5:13",
    );
}

#[test]
fn an_unclosed_quote() {
    let text = "typ: plan\nnämnd: \"Miljönämnden\når: 2025\n";
    let out = assert_syntax_error(
        text,
        "syntaxfel: citattecknet «\"» på rad 2 stängs aldrig",
        "2:8",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn text_after_a_closing_quote() {
    let text = format!("{HEAD}källa: \"Nämndens beslut\" 2024-11-20\n");
    let out = assert_syntax_error(
        &text,
        "syntaxfel: text efter det avslutande citattecknet på rad 5",
        "5:26",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_value_starting_with_a_reserved_character() {
    let text = format!("{HEAD}källa: @Diariet 2024/123\n");
    let out = assert_syntax_error(
        &text,
        "syntaxfel: ett värde kan inte börja med «@» i YAML (rad 5)",
        "5:8",
    );
    assert!(
        out.contains("sätt texten inom citattecken: \"@Diariet 2024/123\""),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn english_on_request() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let text = format!("{HEAD}risker:\n  - nr: 1\n    sannolikhet 3\n    konsekvens: 4\n");
    std::fs::write(dir.path().join("plan.yaml"), text).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_ikp"))
        .args(["check", "--lang", "en", "plan.yaml"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("the ikp binary runs");
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.contains("syntax error: a colon is missing on line 7; the line is neither «field: value» nor a list item"),
        "{out}"
    );
    assert!(out.contains("plan.yaml:7:5"), "{out}");
}

#[test]
fn a_missing_comma_in_json_is_placed_after_the_value() {
    let text = "{\n  \"typ\": \"plan\",\n  \"nämnd\": \"Miljönämnden\"\n  \"år\": 2025\n}\n";
    let out = assert_syntax_error(
        text,
        "syntaxfel: komma saknas efter «\"Miljönämnden\"» på rad 3",
        "3:26",
    );
    insta::assert_snapshot!(out);
}
