#!/usr/bin/env bash
# Installs what the test suite needs beyond cargo. Idempotent: every step checks first, and
# `apt-get update` runs once, only when a package is missing. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}

# 1. Headless Chromium for tests/report_browser.rs (Debian's package: /usr/bin/chromium).
if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi

# 2. Node.js and npm to drive it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install nodejs npm; fi

# 3. playwright-core (the driver only; it downloads no browser), pinned by tests/browser/package-lock.json.
if [ ! -f tests/browser/node_modules/playwright-core/package.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund
fi
