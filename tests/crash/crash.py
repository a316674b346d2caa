#!/usr/bin/env python3
"""Crash test of checkpoints (issue 6, SPEC section 6).

For every application in tests/crash/apps: one uninterrupted run gives the
reference outputs. Then runs with --checkpoint are killed with SIGKILL at
random moments and restarted from the checkpoint, until a run reaches the
end of its input; its outputs (every output file and the error stream) must
be byte for byte the reference's: no row lost, none repeated, none changed.
That is one cycle; cycles repeat, each with a fresh checkpoint, until the
application has been killed --trials times.

usage: crash.py --streamsql BIN [--trials N] [--rows N] [--seed N] [--app NAME]... [--work DIR]
"""
import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ["k%02d" % i for i in range(40)]
TAGS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]
EPOCH_MS = 1767225600000  # 2026-01-01 00:00:00


def ts_text(ms):
    t = time.gmtime(ms // 1000)
    return time.strftime("%Y-%m-%d %H:%M:%S", t) + ".%03d" % (ms % 1000)


def make_inputs(rows, seed, json_path, csv_path):
    """Keyed rows, up to 2 s out of order, with some malformed records and
    some late ones, so that the error stream is part of what must match."""
    rnd = random.Random(seed)
    t = EPOCH_MS
    with open(json_path, "w") as j, open(csv_path, "w") as c:
        c.write("TS,V,K\n")
        for i in range(rows):
            t += rnd.randint(0, 9)
            ts = t - rnd.randint(0, 2000)
            k = rnd.choice(KEYS)
            v = rnd.randint(0, 99999)
            x = rnd.uniform(-1000, 1000)
            tag = rnd.choice(TAGS)
            r = rnd.random()
            if r < 0.002:
                j.write('{"TS": "%s", "K": "%s", "V": "not a number"}\n' % (ts_text(ts), k))
            elif r < 0.004:
                j.write('{"TS": "%s", "K": ' % ts_text(ts) + "\n")
            elif r < 0.006:
                j.write('{"TS": "%s", "K": "%s", "V": %d, "X": %r, "TAG": "%s"}\n'
                        % (ts_text(ts - 10000), k, v, x, tag))
            else:
                j.write('{"TS": "%s", "K": "%s", "V": %d, "X": %r, "TAG": "%s"}\n'
                        % (ts_text(ts), k, v, x, tag))
            c.write("%s,%d,%s\n" % (ts_text(ts), v, k))


def outputs_of(sql):
    return [name for name in ("OUT", "OUT2") if re.search(r"CREATE STREAM %s \(" % name, sql)]


def command(args, app_sql, outs, work, ckpt):
    cmd = [args.streamsql, "run", app_sql, "--quiet", "--errors", os.path.join(work, "errors.jsonl")]
    for name in outs:
        cmd += ["--output", "%s=%s" % (name, os.path.join(work, name.lower() + ".jsonl"))]
    if ckpt:
        cmd += ["--checkpoint", ckpt, "--checkpoint-interval", args.interval]
    return cmd


def results(work, outs):
    got = {}
    for name in [n.lower() for n in outs] + ["errors"]:
        with open(os.path.join(work, name + ".jsonl"), "rb") as f:
            got[name] = f.read()
    # When an error record was written is the wall clock's business.
    got["errors"] = re.sub(rb'"error_time":"[^"]*",', b"", got["errors"])
    return got


def first_difference(a, b):
    la, lb = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return "line %d: expected %r, got %r" % (i + 1, x[:200], y[:200])
    return "expected %d lines, got %d" % (len(la), len(lb))


def run_app(args, name, inputs, rnd):
    with open(os.path.join(HERE, "apps", name + ".sql")) as f:
        sql = f.read().replace("@INPUT@", inputs[0]).replace("@INPUT_CSV@", inputs[1])
    outs = outputs_of(sql)
    work = os.path.join(args.work, name)
    os.makedirs(work, exist_ok=True)
    app_sql = os.path.join(work, "app.sql")
    with open(app_sql, "w") as f:
        f.write(sql)

    ref_dir = os.path.join(work, "reference")
    os.makedirs(ref_dir, exist_ok=True)
    t0 = time.monotonic()
    p = subprocess.run(command(args, app_sql, outs, ref_dir, None), capture_output=True, text=True)
    ref_secs = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit("FAIL: %s: the uninterrupted run failed (%d): %s" % (name, p.returncode, p.stderr))
    ref = results(ref_dir, outs)
    if not any(ref[n.lower()] for n in outs):
        sys.exit("FAIL: %s: the uninterrupted run produced no rows: the test would prove nothing" % name)

    kills = cycles = restarts = 0
    while kills < args.trials:
        cycles += 1
        run_dir = os.path.join(work, "cycle%d" % cycles)
        os.makedirs(run_dir, exist_ok=True)
        ckpt = os.path.join(run_dir, "checkpoint.db")
        for attempt in range(10000):
            proc = subprocess.Popen(command(args, app_sql, outs, run_dir, ckpt), stdout=subprocess.DEVNULL,
                                    stderr=open(os.path.join(run_dir, "stderr.%d" % attempt), "w"))
            delay = rnd.uniform(0, ref_secs * 1.2) if kills < args.trials else None
            try:
                rc = proc.wait(timeout=delay if delay is not None else 300)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                kills += 1
                restarts += 1
                continue
            if rc != 0:
                with open(os.path.join(run_dir, "stderr.%d" % attempt)) as f:
                    sys.exit("FAIL: %s: cycle %d, run %d exited %d after %d kills: %s"
                             % (name, cycles, attempt + 1, rc, kills, f.read()[-2000:]))
            break
        got = results(run_dir, outs)
        for part, want in ref.items():
            if got[part] != want:
                sys.exit("FAIL: %s: cycle %d (%d kills so far): %s differs from the uninterrupted run: %s"
                         % (name, cycles, kills, part, first_difference(want, got[part])))
        if not args.keep:
            shutil.rmtree(run_dir)
    rows = sum(ref[n.lower()].count(b"\n") for n in outs)
    print("crash %-12s %3d kills in %d cycles, %d output rows and %d error records identical each time "
          "(uninterrupted run %.2f s)" % (name, kills, cycles, rows, ref["errors"].count(b"\n"), ref_secs))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--streamsql", required=True)
    ap.add_argument("--trials", type=int, default=50, help="SIGKILLs per application")
    ap.add_argument("--rows", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--interval", default="50ms", help="--checkpoint-interval of the killed runs")
    ap.add_argument("--app", action="append", help="only these applications (tests/crash/apps/NAME.sql)")
    ap.add_argument("--work", help="keep everything here instead of a temporary directory")
    args = ap.parse_args()
    args.keep = args.work is not None
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print("crash: seed %d (rerun with --seed %d)" % (seed, seed))
    rnd = random.Random(seed)
    tmp = None
    if not args.work:
        tmp = tempfile.mkdtemp(prefix="streamsql-crash.")
        args.work = tmp
    try:
        inputs = (os.path.join(args.work, "input.jsonl"), os.path.join(args.work, "input.csv"))
        make_inputs(args.rows, seed, *inputs)
        apps = args.app or sorted(f[:-4] for f in os.listdir(os.path.join(HERE, "apps")) if f.endswith(".sql"))
        for name in apps:
            run_app(args, name, inputs, rnd)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
