#!/usr/bin/env bash
# Installs the external tools the test suite uses, only those that are missing.
# Idempotent: safe to run on every CI run and on a developer machine; `apt-get update` runs
# once, and only when a Debian package is missing.
#   - check-jsonschema (PyPI): an independent JSON Schema validator for the examples
#   - xmlschema (PyPI): an independent XML Schema validator for the JUnit output (tests/ci_formats.rs)
#   - openpyxl (PyPI): writes and reads back workbooks like a script would (tests/workbooks_real.rs)
#   - libreoffice-calc-nogui (Debian): `soffice --headless --convert-to` saves workbooks as a
#     spreadsheet program does, with the formulas' values computed (tests/workbooks_real.rs)
#   - chromium (Debian), node + npm, playwright-core and axe-core (npm, pinned in
#     tests/browser/package-lock.json): tests/report_browser.rs opens the HTML report and
#     tests/web_page.rs the browser page in headless Chromium
#   - poppler-utils (Debian): pdfinfo counts the pages Chromium prints
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }

have_python_module() { python3 -c "import $1" >/dev/null 2>&1; }

pip_install() {
  # --user is not needed as root; keep quiet unless something fails.
  python3 -m pip install -q --disable-pip-version-check "$@"
  # Under pyenv a new console script needs a shim before `command -v` finds it.
  if have pyenv; then pyenv rehash; fi
}

SUDO=""
if [ "$(id -u)" -ne 0 ] && have sudo; then SUDO="sudo"; fi
APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}

if ! have check-jsonschema; then
  echo "install-test-tools: installing check-jsonschema"
  pip_install check-jsonschema
fi

if ! have_python_module xmlschema; then
  echo "install-test-tools: installing xmlschema"
  pip_install xmlschema
fi

if ! have_python_module openpyxl; then
  echo "install-test-tools: installing openpyxl"
  pip_install openpyxl
fi

if ! have soffice; then
  echo "install-test-tools: installing libreoffice-calc-nogui"
  apt_install --no-install-recommends libreoffice-calc-nogui
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "install-test-tools: installing chromium"
  apt_install chromium
fi

# pdfinfo (poppler-utils) counts the pages of the printed report (tests/report_browser.rs).
if ! have pdfinfo; then
  echo "install-test-tools: installing poppler-utils"
  apt_install poppler-utils
fi

if ! have node || ! have npm; then
  echo "install-test-tools: installing nodejs and npm"
  apt_install nodejs npm
fi

# The driver only: playwright-core downloads no browser, it drives /usr/bin/chromium.
# axe-core checks the browser page's accessibility (tests/web_page.rs).
if [ ! -f tests/browser/node_modules/playwright-core/package.json ] ||
   [ ! -f tests/browser/node_modules/axe-core/package.json ]; then
  echo "install-test-tools: installing playwright-core and axe-core"
  npm ci --prefix tests/browser --no-audit --no-fund
fi
