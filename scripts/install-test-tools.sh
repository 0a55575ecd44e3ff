#!/usr/bin/env bash
# Installs the external tools the test suite uses, only those that are missing.
# Idempotent: safe to run on every CI run and on a developer machine.
#   - check-jsonschema (PyPI): an independent JSON Schema validator for the examples
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }

pip_install() {
  # --user is not needed as root; keep quiet unless something fails.
  python3 -m pip install -q --disable-pip-version-check "$@"
}

if ! have check-jsonschema; then
  echo "install-test-tools: installing check-jsonschema"
  pip_install check-jsonschema
fi
