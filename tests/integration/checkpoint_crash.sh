#!/bin/bash
# Checkpoints (issue 6): every application in tests/crash/apps (each window
# kind, sliding windows, merged streams, CSV with a header, a generator) is
# killed with SIGKILL at random moments and restarted from its checkpoint;
# the final output must be byte for byte an uninterrupted run's. The default
# suite kills each application a few times (the seed is printed, to rerun a
# failure); scripts/test-crash runs the full 50 kills per application.
. "$(dirname "$0")/lib/common.sh"
python3 "$SS_SOURCE_DIR/tests/crash/crash.py" --streamsql "$STREAMSQL" --trials "${CRASH_TRIALS:-6}" \
    --rows "${CRASH_ROWS:-300000}" ${CRASH_SEED:+--seed "$CRASH_SEED"} || die "crash test failed"
echo "checkpoint_crash: all checks passed"
