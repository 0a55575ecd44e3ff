//! Shared helpers for the integration tests: run the real `ikp` binary.

#![allow(dead_code)] // Each test crate uses a different subset.

use std::path::Path;
use std::process::{Command, Output};

pub fn ikp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ikp"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .output()
        .expect("the ikp binary runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Is an external tool available? In CI (`CI` set) a missing tool fails the test; locally the
/// test is skipped with a loud message, because `scripts/install-test-tools.sh` installs it.
pub fn require_tool(name: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("{name} is missing: run scripts/install-test-tools.sh");
        }
        eprintln!("SKIPPED: {name} is not installed (run scripts/install-test-tools.sh)");
    }
    found
}
