//! Workbooks (.xlsx, .xlsm, .xls, .ods) as a source of documents beside YAML text.
//!
//! `read` turns the file into cells (calamine), `build` turns the cells into the same spanned
//! tree (`tree::Node`) a YAML file gives, with spans into a text that shows the cells one row
//! per line ([`crate::source::CellMap`] maps them back to `VoR!E12`). From the tree on,
//! nothing differs: the loader validates it against the schema and deserializes the model, so
//! every rule, exemption, baseline and report works unchanged.

mod build;
mod formula;
pub mod headers;
mod read;
#[cfg(feature = "excel")]
pub mod write;
pub mod yaml;

pub use build::{Built, Problem, SEPARATOR, Settings, build};
pub use read::{Cell, CellValue, Grid, ReadError, ReadLimits, Sheet, read, serial_to_iso};

use std::path::Path;

use crate::config::Config;
use crate::rules::{HIDDEN_SHEET, WORKBOOK as WORKBOOK_CODE};

pub(crate) const WORKBOOK: &str = WORKBOOK_CODE;
pub(crate) const HIDDEN: &str = HIDDEN_SHEET;

/// The file extensions read as workbooks.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// The workbook extension of `path`, lower case, if it has one.
pub fn extension(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    EXTENSIONS.contains(&ext.as_str()).then_some(ext)
}

impl Settings {
    /// What the profile says about reading cells.
    pub fn from_config(config: &Config) -> Settings {
        let p = &config.profile;
        Settings {
            likelihood: p.scale.likelihood.clone(),
            consequence: p.scale.consequence.clone(),
            zones: p.zones.iter().map(|z| z.name.clone()).collect(),
            extra: headers::Extra(
                p.excel
                    .kolumner
                    .iter()
                    .map(|(name, key)| (headers::normalize(name), key.clone()))
                    .collect(),
            ),
        }
    }
}

impl ReadLimits {
    pub fn from_config(config: &Config) -> ReadLimits {
        let l = &config.limits;
        ReadLimits {
            max_unpacked: l.max_byte.saturating_mul(8),
            max_cells: l.max_noder,
            max_text: l.max_textlängd,
        }
    }
}

/// Read and build a workbook from its bytes.
pub fn load(bytes: &[u8], ext: &str, config: &Config) -> Result<Built, ReadError> {
    let grid = read(bytes, ext, ReadLimits::from_config(config))?;
    Ok(build(&grid, &Settings::from_config(config)))
}
