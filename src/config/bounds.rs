//! Values no real configuration has, refused before they cost anything: a 5,000-level scale
//! made `ikp report` draw a 25-million-cell matrix, a threshold above the highest risk value
//! silently turns IKP002 off, and limits beyond what the loader can keep are promises it
//! would break. Each refusal is a configuration error in Swedish that says the allowed range.

use super::Profile;
use crate::tree::Limits;

/// The most levels a likelihood or consequence scale may have (real ones have 3 to 6).
pub const MAX_SCALE_LEVELS: usize = 10;
/// The most zones a risk matrix may have.
pub const MAX_ZONES: usize = 10;
/// The largest file the loader reads: it holds the text and its tree in memory, and positions
/// are 32-bit.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;
/// The most values in one document the loader builds a tree for.
pub const MAX_NODES: usize = 20_000_000;
/// The YAML parser counts flow nesting in a byte: deeper nesting cannot be honoured.
pub const MAX_DEPTH: usize = 255;

pub(super) fn check(profile: &Profile, limits: &Limits) -> Result<(), String> {
    for (name, levels) in [
        ("sannolikhet", &profile.scale.likelihood),
        ("konsekvens", &profile.scale.consequence),
    ] {
        let n = levels.len();
        if n == 0 || n > MAX_SCALE_LEVELS {
            return Err(format!(
                "[skala] {name} har {n} nivåer; en skala har 1–{MAX_SCALE_LEVELS} nivåer"
            ));
        }
    }
    let zones = profile.zones.len();
    if zones == 0 || zones > MAX_ZONES {
        return Err(format!(
            "[[zoner]] har {zones} zoner; riskmatrisen har 1–{MAX_ZONES} zoner"
        ));
    }
    let highest = profile.scale.max_likelihood() * profile.scale.max_consequence();
    let threshold = profile.ikp.threshold;
    if !(1..=highest).contains(&threshold) {
        return Err(format!(
            "[ikp] \"tröskel\" = {threshold} ligger utanför skalan: riskvärdet är 1–{highest} \
             ({} × {}), så tröskeln ska vara 1–{highest}; annars krävs ingen risk i planen",
            profile.scale.max_likelihood(),
            profile.scale.max_consequence()
        ));
    }
    let within = |what: &str, value: u64, max: u64| -> Result<(), String> {
        if value == 0 || value > max {
            Err(format!(
                "[\"gränser\"] {what} = {value} kan inte användas; tillåtet är 1–{max}"
            ))
        } else {
            Ok(())
        }
    };
    let as_u64 = |v: usize| u64::try_from(v).unwrap_or(u64::MAX);
    within("max_byte", limits.max_byte, MAX_FILE_BYTES)?;
    within("max_noder", as_u64(limits.max_noder), as_u64(MAX_NODES))?;
    within("max_djup", as_u64(limits.max_djup), as_u64(MAX_DEPTH))?;
    within(
        "max_alias_noder",
        as_u64(limits.max_alias_noder),
        as_u64(MAX_NODES),
    )?;
    within(
        "max_textlängd",
        as_u64(limits.max_textlängd),
        MAX_FILE_BYTES,
    )?;
    Ok(())
}
