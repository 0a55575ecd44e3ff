//! The formulas ikp computes itself when a file has no saved value (files written by
//! scripts): a plain product or sum of cells and numbers — `D5*E5`, `SUM(D5:F5)`,
//! `PRODUKT(D5;E5)`. Anything else is reported, never read as empty.

use super::read::CellValue;

/// The value of `formula` (without `=`), reading cells of the same sheet through `cell`
/// (0-based row, column). `None` when the formula is not a plain product or sum, or a cell
/// it reads is not a number.
pub fn evaluate(formula: &str, cell: impl Fn(u32, u32) -> Option<CellValue>) -> Option<CellValue> {
    let f: String = formula
        .trim()
        .trim_start_matches('=')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let upper = f.to_uppercase();
    let (op, args): (char, Vec<String>) = if let Some(inner) = function(&upper, &["SUM", "SUMMA"]) {
        ('+', inner.split([',', ';']).map(str::to_string).collect())
    } else if let Some(inner) = function(&upper, &["PRODUCT", "PRODUKT"]) {
        ('*', inner.split([',', ';']).map(str::to_string).collect())
    } else if upper.contains('*') && !upper.contains(['+', '-', '/', '(']) {
        ('*', upper.split('*').map(str::to_string).collect())
    } else if upper.contains('+') && !upper.contains(['*', '-', '/', '(']) {
        ('+', upper.split('+').map(str::to_string).collect())
    } else {
        return None;
    };
    let mut values = Vec::new();
    for arg in &args {
        if arg.is_empty() {
            return None;
        }
        if let Some((a, b)) = arg.split_once(':') {
            let (r0, c0) = reference(a)?;
            let (r1, c1) = reference(b)?;
            if (r1.saturating_sub(r0) + 1) as u64 * (c1.saturating_sub(c0) + 1) as u64 > 10_000 {
                return None;
            }
            for r in r0.min(r1)..=r0.max(r1) {
                for c in c0.min(c1)..=c0.max(c1) {
                    match cell(r, c) {
                        None | Some(CellValue::Empty) if op == '+' => {}
                        other => values.push(number(other?)?),
                    }
                }
            }
        } else if let Ok(n) = arg.replace(',', ".").parse::<f64>() {
            values.push(n);
        } else {
            let (r, c) = reference(arg)?;
            values.push(number(cell(r, c)?)?);
        }
    }
    let result = if op == '*' {
        values.iter().product::<f64>()
    } else {
        values.iter().sum::<f64>()
    };
    if !result.is_finite() {
        return None;
    }
    Some(if result.fract() == 0.0 && result.abs() < 9.0e15 {
        CellValue::Int(result as i64)
    } else {
        CellValue::Float(result)
    })
}

fn function<'a>(f: &'a str, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| {
        f.strip_prefix(n)?
            .strip_prefix('(')?
            .strip_suffix(')')
            .filter(|inner| !inner.contains(['(', ')']))
    })
}

fn number(v: CellValue) -> Option<f64> {
    match v {
        CellValue::Int(i) => Some(i as f64),
        CellValue::Float(f) => Some(f),
        CellValue::Text(t) => t.trim().replace(',', ".").parse().ok(),
        _ => None,
    }
}

/// `D5`, `$D$5` → (row 4, column 3). A reference to another sheet is not plain.
fn reference(s: &str) -> Option<(u32, u32)> {
    let s = s.replace('$', "");
    let letters: String = s.chars().take_while(char::is_ascii_uppercase).collect();
    let digits = &s[letters.len()..];
    if letters.is_empty()
        || letters.len() > 3
        || digits.is_empty()
        || !digits.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut col: u32 = 0;
    for b in letters.bytes() {
        col = col * 26 + u32::from(b - b'A' + 1);
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 || col > 16_384 || row > 1_048_576 {
        return None;
    }
    Some((row - 1, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(r: u32, c: u32) -> Option<CellValue> {
        match (r, c) {
            (4, 3) => Some(CellValue::Int(3)),
            (4, 4) => Some(CellValue::Float(4.0)),
            (4, 5) => Some(CellValue::Text("2".into())),
            (4, 6) => Some(CellValue::Text("Möjlig".into())),
            _ => None,
        }
    }

    #[test]
    fn plain_products_and_sums_are_computed() {
        assert_eq!(evaluate("D5*E5", cells), Some(CellValue::Int(12)));
        assert_eq!(evaluate("=$D$5 * $E$5", cells), Some(CellValue::Int(12)));
        assert_eq!(evaluate("SUM(D5:F5)", cells), Some(CellValue::Int(9)));
        assert_eq!(evaluate("PRODUKT(D5;F5)", cells), Some(CellValue::Int(6)));
        assert_eq!(evaluate("D5+2", cells), Some(CellValue::Int(5)));
    }

    #[test]
    fn anything_else_is_not_guessed() {
        assert_eq!(evaluate("D5*G5", cells), None);
        assert_eq!(evaluate("IF(D5>2;1;0)", cells), None);
        assert_eq!(evaluate("D5*H5", cells), None);
        assert_eq!(evaluate("VoR!D5*E5", cells), None);
        assert_eq!(evaluate("D5-E5", cells), None);
    }
}
