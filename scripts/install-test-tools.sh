#!/usr/bin/env bash
# Installs the external tools some tests use, and only those that are missing. Safe to run
# again. Tests that need a missing tool fail when CI is set and are skipped (loudly) otherwise.
#
# One step per tool; add yours below as its own step.
set -euo pipefail

have_python_module() {
    python3 -c "import $1" >/dev/null 2>&1
}

# Step: xmlschema — an independent XML Schema validator for the JUnit output (tests/ci_formats.rs).
if ! command -v python3 >/dev/null 2>&1; then
    echo "install-test-tools: python3 is missing; install it (apt-get install python3 python3-pip)" >&2
    exit 1
fi
if have_python_module xmlschema; then
    echo "install-test-tools: xmlschema already installed"
else
    echo "install-test-tools: installing xmlschema"
    # A system Python that refuses pip (PEP 668) gets Debian's package instead.
    python3 -m pip install -q xmlschema \
        || { command -v apt-get >/dev/null 2>&1 && apt-get install -y -q python3-xmlschema; }
    have_python_module xmlschema
fi
