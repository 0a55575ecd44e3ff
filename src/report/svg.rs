//! The risk matrix as an inline SVG heat map: likelihood upwards, consequence to the right,
//! each cell coloured by the profile's zone and showing its count and risk numbers. Cells carry
//! `data-*` attributes (s, k, rv, zone, count, risks) so tests can read what is drawn.

use super::escape::Markup;
use super::model::{Cell, Matrix};
use super::words;
use crate::finding::Lang;

/// Width of the likelihood axis title, left of the level names.
const AXIS: f64 = 30.0;
/// Estimated advance of a character in the level names.
const LABEL_CHAR: f64 = 6.6;
/// Level names wrap at this many characters.
const LABEL_WRAP: usize = 22;
const TOP: f64 = 8.0;
/// Height of the consequence names and axis title under the grid.
const BOTTOM: f64 = 62.0;
const MIN_ROW: f64 = 64.0;
const PAD: f64 = 7.0;
const LINE: f64 = 14.0;
/// Where the first line of risk numbers sits, below the count.
const NUMBERS_TOP: f64 = 38.0;
/// Estimated advance of a digit of a risk number (11.5px, bold), and the gap between numbers.
const DIGIT: f64 = 7.0;
const GAP: f64 = 5.0;

/// Fills from the most to the least serious zone; a profile's zones take evenly spaced stops.
const PALETTE: [&str; 5] = ["#f19d95", "#f7bf86", "#f9df8f", "#cfe5a1", "#acd8b2"];

/// The fill of zone `index` of `count` zones (highest first).
pub fn zone_fill(index: usize, count: usize) -> &'static str {
    let last = PALETTE.len() - 1;
    let stop = if count <= 1 {
        0
    } else {
        (index * last + (count - 1) / 2) / (count - 1)
    };
    PALETTE[stop.min(last)]
}

struct Layout {
    /// Where the grid starts: after the axis title and the likelihood names.
    left: f64,
    cell_w: f64,
    rows: Vec<f64>,
}

fn layout(matrix: &Matrix) -> Layout {
    let levels = matrix.consequence.len().max(1) as f64;
    let cell_w = (560.0 / levels).clamp(72.0, 118.0);
    let rows = matrix
        .cells
        .iter()
        .map(|row| {
            let lines = row
                .iter()
                .map(|c| number_lines(c, cell_w).len())
                .max()
                .unwrap_or(0);
            (NUMBERS_TOP + lines as f64 * LINE).max(MIN_ROW)
        })
        .collect();
    let label_chars = matrix
        .likelihood
        .iter()
        .enumerate()
        .flat_map(|(i, name)| wrap(&format!("{} {name}", i + 1), LABEL_WRAP))
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(1);
    Layout {
        left: AXIS + label_chars as f64 * LABEL_CHAR + 10.0,
        cell_w,
        rows,
    }
}

/// The risk numbers of a cell broken into lines that fit its width.
fn number_lines(cell: &Cell, cell_w: f64) -> Vec<Vec<(i64, bool)>> {
    let room = cell_w - 2.0 * PAD;
    let mut lines: Vec<Vec<(i64, bool)>> = Vec::new();
    let mut used = 0.0;
    for r in &cell.risks {
        let w = r.nr.to_string().chars().count() as f64 * DIGIT;
        match lines.last_mut() {
            Some(line) if used + GAP + w <= room => {
                line.push((r.nr, r.in_plan));
                used += GAP + w;
            }
            _ => {
                lines.push(vec![(r.nr, r.in_plan)]);
                used = w;
            }
        }
    }
    lines
}

/// Greedy word wrap by an estimated character count.
fn wrap(text: &str, max_chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max_chars => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The matrix of one plan. `label` names the plan in the SVG's title.
pub fn matrix(m: &Matrix, label: &str, file: &str, lang: Lang) -> Markup {
    let lay = layout(m);
    let levels_k = m.consequence.len();
    let grid_w = lay.cell_w * levels_k as f64;
    let grid_h: f64 = lay.rows.iter().sum();
    let width = lay.left + grid_w + 4.0;
    let height = TOP + grid_h + BOTTOM;
    let title = format!(
        "{} {}: {}",
        words::MATRIX.get(lang),
        label,
        words::risks(lang, m.placed())
    );

    let mut out = Markup::new();
    let (w, h) = (format!("{width}"), format!("{height:.0}"));
    let view_box = format!("0 0 {width} {height:.0}");
    out.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", "risk-matrix"),
            ("role", "img"),
            ("width", &w),
            ("height", &h),
            ("viewBox", &view_box),
            ("data-file", file),
            ("data-placed", &m.placed().to_string()),
        ],
    );
    out.el("title", &[], &title);

    // Likelihood: axis title turned upwards, then the level names, highest at the top.
    let mid_y = TOP + grid_h / 2.0;
    out.raw("<text class=\"axis\" transform=\"translate(14 ")
        .coord(mid_y)
        .raw(") rotate(-90)\" text-anchor=\"middle\">")
        .text(words::LIKELIHOOD.get(lang))
        .raw("</text>");

    let mut y = TOP;
    // Top of each likelihood row (index s - 1), for the threshold line.
    let mut row_top = vec![0.0; m.likelihood.len()];
    for s in (1..=m.likelihood.len()).rev() {
        row_top[s - 1] = y;
        let row_h = lay.rows.get(s - 1).copied().unwrap_or(MIN_ROW);
        let name = m.likelihood.get(s - 1).map(String::as_str).unwrap_or("");
        let lines = wrap(&format!("{s} {name}"), LABEL_WRAP);
        let first = y + row_h / 2.0 - (lines.len() as f64 - 1.0) * 7.0 + 4.0;
        for (i, line) in lines.iter().enumerate() {
            out.raw("<text class=\"level\" x=\"")
                .coord(lay.left - 8.0)
                .raw("\" y=\"")
                .coord(first + i as f64 * 14.0)
                .raw("\" text-anchor=\"end\">")
                .text(line)
                .raw("</text>");
        }
        for k in 1..=levels_k {
            if let Some(cell) = m.cell(s, k) {
                let x = lay.left + (k - 1) as f64 * lay.cell_w;
                cell_svg(&mut out, m, cell, x, y, lay.cell_w, row_h, lang);
            }
        }
        y += row_h;
    }
    threshold_line(&mut out, m, &lay, &row_top);

    // Consequence: level names under the columns, then the axis title.
    let label_chars = ((lay.cell_w - 8.0) / 6.4) as usize;
    for (i, name) in m.consequence.iter().enumerate() {
        let x = lay.left + (i as f64 + 0.5) * lay.cell_w;
        let mut lines = vec![(i + 1).to_string()];
        lines.extend(wrap(name, label_chars.max(6)).into_iter().take(2));
        for (j, line) in lines.iter().enumerate() {
            out.raw("<text class=\"level\" x=\"")
                .coord(x)
                .raw("\" y=\"")
                .coord(TOP + grid_h + 15.0 + j as f64 * 13.0)
                .raw("\" text-anchor=\"middle\">")
                .text(line)
                .raw("</text>");
        }
    }
    out.raw("<text class=\"axis\" x=\"")
        .coord(lay.left + grid_w / 2.0)
        .raw("\" y=\"")
        .coord(height - 4.0)
        .raw("\" text-anchor=\"middle\">")
        .text(words::CONSEQUENCE.get(lang))
        .raw("</text>");
    out.raw("</svg>");
    out
}

/// A dashed line around the cells at or above the plan's threshold: their left edge where the
/// cell to the left is below it, their bottom edge where the cell below is.
fn threshold_line(out: &mut Markup, m: &Matrix, lay: &Layout, row_top: &[f64]) {
    let above = |s: usize, k: usize| m.cell(s, k).is_some_and(|c| c.rv >= m.threshold);
    let mut d = String::new();
    for s in 1..=m.likelihood.len() {
        let top = row_top[s - 1];
        let bottom = top + lay.rows.get(s - 1).copied().unwrap_or(MIN_ROW);
        for k in 1..=m.consequence.len() {
            if !above(s, k) {
                continue;
            }
            let left = lay.left + (k - 1) as f64 * lay.cell_w;
            if k == 1 || !above(s, k - 1) {
                d.push_str(&format!("M{left:.1} {top:.1}V{bottom:.1}"));
            }
            if s == 1 || !above(s - 1, k) {
                d.push_str(&format!("M{left:.1} {bottom:.1}H{:.1}", left + lay.cell_w));
            }
        }
    }
    if !d.is_empty() {
        out.open("path", &[("class", "threshold"), ("d", &d)])
            .raw("</path>");
    }
}

#[allow(clippy::too_many_arguments)]
fn cell_svg(out: &mut Markup, m: &Matrix, cell: &Cell, x: f64, y: f64, w: f64, h: f64, lang: Lang) {
    let zone = cell.zone.and_then(|z| m.zones.get(z));
    let fill = cell
        .zone
        .map(|z| zone_fill(z, m.zones.len()))
        .unwrap_or("#e5e7eb");
    let numbers: Vec<String> = cell.risks.iter().map(|r| r.nr.to_string()).collect();
    let in_plan: Vec<String> = cell
        .risks
        .iter()
        .filter(|r| r.in_plan)
        .map(|r| r.nr.to_string())
        .collect();
    let count = cell.risks.len();
    out.open(
        "g",
        &[
            ("class", if count == 0 { "cell empty" } else { "cell" }),
            ("data-s", &cell.s.to_string()),
            ("data-k", &cell.k.to_string()),
            ("data-rv", &cell.rv.to_string()),
            ("data-zone", zone.map(|z| z.name.as_str()).unwrap_or("")),
            ("data-count", &count.to_string()),
            ("data-risks", &numbers.join(" ")),
            ("data-ikp", &in_plan.join(" ")),
        ],
    );
    let tooltip = match lang {
        Lang::Sv => format!(
            "S {} × K {} = RV {}{}: {}{}",
            cell.s,
            cell.k,
            cell.rv,
            zone.map(|z| format!(" ({})", z.name)).unwrap_or_default(),
            words::risks(lang, count),
            if numbers.is_empty() {
                String::new()
            } else {
                format!(" – {}", numbers.join(", "))
            }
        ),
        Lang::En => format!(
            "L {} × C {} = RV {}{}: {}{}",
            cell.s,
            cell.k,
            cell.rv,
            zone.map(|z| format!(" ({})", z.name)).unwrap_or_default(),
            words::risks(lang, count),
            if numbers.is_empty() {
                String::new()
            } else {
                format!(" – {}", numbers.join(", "))
            }
        ),
    };
    out.el("title", &[], &tooltip);
    let fill_attr = format!("fill:{fill}");
    out.raw("<rect x=\"")
        .coord(x)
        .raw("\" y=\"")
        .coord(y)
        .raw("\" width=\"")
        .coord(w)
        .raw("\" height=\"")
        .coord(h)
        .raw("\" style=\"")
        .text(&fill_attr)
        .raw("\"");
    if cell.rv >= m.threshold {
        out.raw(" class=\"at-threshold\"");
    }
    out.raw("/>");
    out.raw("<text class=\"rv\" x=\"")
        .coord(x + w - PAD)
        .raw("\" y=\"")
        .coord(y + 15.0)
        .raw("\" text-anchor=\"end\">")
        .text(&format!("RV {}", cell.rv))
        .raw("</text>");
    if count > 0 {
        out.raw("<text class=\"count\" x=\"")
            .coord(x + PAD)
            .raw("\" y=\"")
            .coord(y + 24.0)
            .raw("\">")
            .num(count)
            .raw("</text>");
        for (i, line) in number_lines(cell, w).iter().enumerate() {
            out.raw("<text class=\"nrs\" x=\"")
                .coord(x + PAD)
                .raw("\" y=\"")
                .coord(y + NUMBERS_TOP + 2.0 + i as f64 * LINE)
                .raw("\">");
            for (j, (nr, ikp)) in line.iter().enumerate() {
                if j > 0 {
                    out.raw(" ");
                }
                out.raw(if *ikp {
                    "<tspan class=\"risk ikp\">"
                } else {
                    "<tspan class=\"risk\">"
                })
                .num(*nr)
                .raw("</tspan>");
            }
            out.raw("</text>");
        }
    }
    out.raw("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_zones_are_red_yellow_green() {
        assert_eq!(zone_fill(0, 3), PALETTE[0]);
        assert_eq!(zone_fill(1, 3), PALETTE[2]);
        assert_eq!(zone_fill(2, 3), PALETTE[4]);
        assert_eq!(zone_fill(0, 1), PALETTE[0]);
        assert_eq!(zone_fill(9, 12), PALETTE[3]);
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("Mycket sannolikt och mer", 16),
            vec!["Mycket sannolikt", "och mer"]
        );
    }
}
