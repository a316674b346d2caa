#!/usr/bin/env bash
# Differential tests: every application in tests/diff/cases run by streamsql and
# compared with the independent Python/SQLite reference implementation
# (tests/diff/oracle.py). Fails if any case fails. See tests/diff/README.md.
#
# Environment (set by ctest): STREAMSQL = the binary, SS_SOURCE_DIR = the repository.
# Extra arguments go to run.py (e.g. --case NAME, --keep DIR).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="${SS_SOURCE_DIR:-$(cd "$here/../.." && pwd)}"
bin="${STREAMSQL:-$src/build/release/streamsql}"

# The committed inputs must be what the generator writes.
python3 "$src/tests/diff/gen_inputs.py" --check

exec python3 "$src/tests/diff/run.py" --binary "$bin" "$@"
