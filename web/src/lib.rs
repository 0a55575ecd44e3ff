//! `ikp-web`: the WebAssembly entry of the browser page (`target/web/ikp.html`).
//!
//! A plain C ABI over linear memory, with hand-written glue in `web/page/worker.js`: strings
//! go in and out as UTF-8 bytes, structured answers as JSON. No wasm-bindgen: nothing to keep
//! at the same version as a CLI tool, no generated glue, and five functions are all the page
//! needs. Everything the page shows comes from the library: the same memory seam
//! ([`ikp_lint::engine::memory`]), rules, summary line and renderers as `ikp check` and
//! `ikp report`. This crate only lays the findings out for the page.
//!
//! The calls, in order: [`ikp_alloc`] a buffer and fill it; [`ikp_add_file`] hands files over
//! (taking the buffers); [`ikp_call`] with a JSON request runs a check or renders the last
//! one; the answer is at [`ikp_out_ptr`] / [`ikp_out_len`] until the next call.

use std::cell::RefCell;
use std::path::PathBuf;

use ikp_lint::engine::Report;
use ikp_lint::engine::memory::{MemoryFile, MemoryOptions, check_files};
use ikp_lint::finding::{Finding, Label, Lang, Severity};
use serde::{Deserialize, Serialize};

#[cfg(target_arch = "wasm32")]
mod random;
mod view;

#[derive(Default)]
struct State {
    files: Vec<MemoryFile>,
    report: Option<Report>,
    out: Vec<u8>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// A buffer of `len` bytes in linear memory for the page to fill; passed back to
/// [`ikp_add_file`] (which takes it) or freed with [`ikp_free`].
#[unsafe(no_mangle)]
pub extern "C" fn ikp_alloc(len: usize) -> *mut u8 {
    let mut buffer = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len));
    buffer.as_mut_ptr()
}

/// Free a buffer from [`ikp_alloc`] that was not handed over.
///
/// # Safety
/// `ptr` and `len` must come from one call of [`ikp_alloc`], not yet freed or handed over.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ikp_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller gives back a buffer of capacity `len` from `ikp_alloc`.
    drop(unsafe { Vec::from_raw_parts(ptr, 0, len) });
}

/// Take over one file: its path (UTF-8) and its bytes, both in buffers from [`ikp_alloc`]
/// filled to their full length. `explicit` is 1 for a file picked on its own, 0 for one in a
/// folder.
///
/// # Safety
/// Both buffers must come from [`ikp_alloc`] with exactly these lengths, fully written.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ikp_add_file(
    path_ptr: *mut u8,
    path_len: usize,
    bytes_ptr: *mut u8,
    bytes_len: usize,
    explicit: u32,
) {
    // SAFETY: see the function's contract.
    let path = unsafe { Vec::from_raw_parts(path_ptr, path_len, path_len) };
    let bytes = unsafe { Vec::from_raw_parts(bytes_ptr, bytes_len, bytes_len) };
    let path = String::from_utf8_lossy(&path).into_owned();
    STATE.with_borrow_mut(|s| {
        s.files.push(MemoryFile {
            path: PathBuf::from(path),
            bytes,
            explicit: explicit != 0,
        })
    });
}

/// Run one request (JSON in a buffer from [`ikp_alloc`], which this call frees). Returns 0
/// when the answer is the result, 1 when it is an error message.
///
/// # Safety
/// The buffer must come from [`ikp_alloc`] with exactly this length, fully written.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ikp_call(ptr: *mut u8, len: usize) -> u32 {
    // SAFETY: see the function's contract.
    let request = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let (status, out) = match call(&request) {
        Ok(out) => (0, out),
        Err(message) => (1, message),
    };
    STATE.with_borrow_mut(|s| s.out = out.into_bytes());
    status
}

/// Where the answer of the last [`ikp_call`] is.
#[unsafe(no_mangle)]
pub extern "C" fn ikp_out_ptr() -> *const u8 {
    STATE.with_borrow(|s| s.out.as_ptr())
}

/// How long the answer of the last [`ikp_call`] is, in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn ikp_out_len() -> usize {
    STATE.with_borrow(|s| s.out.len())
}

/// What the page asks for.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Request {
    /// Check the files handed over (and forget them); keep the report for the other calls.
    Check {
        /// The profile for files no `ikp.toml` governs.
        #[serde(default)]
        profile: Option<String>,
    },
    /// The page's view of the last report.
    View { lang: LangArg },
    /// The last report in a CLI format: `json`, `sarif`, or the auditors' report `html`/`csv`.
    Render {
        format: String,
        lang: LangArg,
        /// The report's date, `ÅÅÅÅ-MM-DD` (the page's clock: wasm has none).
        #[serde(default)]
        date: Option<String>,
    },
    /// The embedded profiles: name and description.
    Profiles,
    /// Forget files and report.
    Reset,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LangArg {
    Sv,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

/// One request, as text in and text out (what the tests call directly).
pub fn call(request: &[u8]) -> Result<String, String> {
    let request: Request =
        serde_json::from_slice(request).map_err(|e| format!("felaktig begäran: {e}"))?;
    match request {
        Request::Check { profile } => {
            let files = STATE.with_borrow_mut(|s| std::mem::take(&mut s.files));
            let report =
                check_files(files, &MemoryOptions { profile }).map_err(|e| e.to_string())?;
            let answer = CheckAnswer {
                files: report.files.len(),
                documents: report.document_count(),
                findings: report.findings.len(),
            };
            STATE.with_borrow_mut(|s| s.report = Some(report));
            json(&answer)
        }
        Request::View { lang } => with_report(|r| json(&view::build_view(r, lang.into()))),
        Request::Render { format, lang, date } => with_report(|r| {
            let lang = Lang::from(lang);
            let options = ikp_lint::report::ReportOptions {
                lang,
                date: date.unwrap_or_default(),
            };
            use ikp_lint::report::{ReportFormat, render};
            Ok(match format.as_str() {
                "json" => ikp_lint::render::json::render(r, lang),
                "sarif" => ikp_lint::render::sarif::render(r, lang),
                "html" => render(r, ReportFormat::Html, &options),
                "csv" => render(r, ReportFormat::Csv, &options),
                "md" => render(r, ReportFormat::Markdown, &options),
                other => return Err(format!("okänt format «{other}»")),
            })
        }),
        Request::Profiles => {
            let list: Vec<Profile> = ikp_lint::config::BUILTIN_PROFILES
                .iter()
                .map(|(name, text)| Profile {
                    name,
                    description: text
                        .lines()
                        .find_map(|l| l.strip_prefix("beskrivning = "))
                        .unwrap_or("")
                        .trim_matches('"'),
                    default: *name == ikp_lint::config::DEFAULT_PROFILE,
                })
                .collect();
            json(&list)
        }
        Request::Reset => {
            STATE.with_borrow_mut(|s| *s = State::default());
            Ok(String::new())
        }
    }
}

#[derive(Serialize)]
struct CheckAnswer {
    files: usize,
    documents: usize,
    findings: usize,
}

#[derive(Serialize)]
struct Profile {
    name: &'static str,
    description: &'static str,
    default: bool,
}

fn with_report(f: impl FnOnce(&Report) -> Result<String, String>) -> Result<String, String> {
    STATE.with_borrow(|s| match &s.report {
        Some(r) => f(r),
        None => Err("inget har kontrollerats ännu".to_string()),
    })
}

fn json(value: &impl Serialize) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

/// The severity's key (as in the CLI's JSON) and its name in `lang`.
fn severity(s: Severity, lang: Lang) -> (&'static str, &'static str) {
    (s.en(), s.name(lang))
}

/// A finding's labels, primary first.
fn labels(f: &Finding) -> impl Iterator<Item = (&Label, bool)> {
    std::iter::once((&f.primary, true)).chain(f.secondary.iter().map(|l| (l, false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(path: &str, text: &str, explicit: bool) {
        STATE.with_borrow_mut(|s| {
            s.files.push(MemoryFile {
                path: PathBuf::from(path),
                bytes: text.as_bytes().to_vec(),
                explicit,
            })
        });
    }

    #[test]
    fn check_view_and_render() {
        add(
            "r/plan.yaml",
            "typ: plan\nkommun: Teststad\nnämnd: Kulturnämnden\når: 2025\nrisker:\n  - nr: 7\n    händelse: Bidrag utan beslut\n",
            false,
        );
        let answer = call(br#"{"op":"check"}"#).unwrap();
        assert!(
            answer.starts_with(r#"{"files":1,"documents":1,"#),
            "{answer}"
        );
        let view: serde_json::Value =
            serde_json::from_str(&call(br#"{"op":"view","lang":"sv"}"#).unwrap()).unwrap();
        assert!(
            view["summary"]
                .as_str()
                .unwrap()
                .starts_with("1 dokument i 1 fil: "),
            "{view}"
        );
        let ikp004 = view["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "IKP004")
            .unwrap();
        let line = &ikp004["labels"][0]["lines"][0];
        assert_eq!(line["number"], 6);
        assert_eq!(line["text"], "  - nr: 7");
        assert_eq!(
            (line["from"].as_u64(), line["to"].as_u64()),
            (Some(8), Some(9))
        );
        let sarif = call(br#"{"op":"render","format":"sarif","lang":"sv"}"#).unwrap();
        assert!(sarif.contains("\"version\": \"2.1.0\""), "{sarif}");
        let html =
            call(br#"{"op":"render","format":"html","lang":"sv","date":"2025-11-23"}"#).unwrap();
        assert!(html.contains("2025-11-23"));
        assert!(call(br#"{"op":"render","format":"pdf","lang":"sv"}"#).is_err());
    }

    #[test]
    fn profiles_are_listed() {
        let list = call(br#"{"op":"profiles"}"#).unwrap();
        assert!(list.contains(r#""name":"stockholm""#), "{list}");
    }
}
