#!/usr/bin/env python3
"""Differential test runner: streamsql against the Python/SQLite oracle (oracle.py).

For each case in cases/: compute the expected output with the oracle, run

    $STREAMSQL run app.sql --output S=out_S.jsonl ... --errors errors.jsonl --quiet

in the case directory (outputs go to a temporary directory), and compare:

  * every output stream: same rows, same JSON keys in declared order, values compared
    by the target column's type (numbers as numbers: 3 == 3.0; REAL after rounding
    both sides to float32; DOUBLE exactly unless the case declares a relative
    tolerance for the column; DECIMAL by value and with exactly its scale's digits;
    TIMESTAMP as the text 'YYYY-MM-DD HH:MM:SS.fff');
  * order: in-application streams are ordered by ROWTIME (SPEC 3), so the engine's
    rows must come in the oracle's ROWTIME order; rows with the same ROWTIME are
    compared as a multiset. A run whose rows are right but in another order fails
    with "ORDER" (--ignore-order turns that into a pass);
  * the error stream: the same number of records of each kind; for parse, convert,
    rowtime and late records the same multiset of input lines (position.line).

Usage:
  run.py                      run every case
  run.py --case NAME [...]    run some (repeatable)
  run.py --list               list the cases
  run.py --keep DIR           keep each case's outputs under DIR/NAME
Exit status: 0 when every case passes, 1 otherwise, 2 on usage errors.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import oracle  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
SOURCE_KINDS = ("parse", "convert", "rowtime", "late")
MAX_SHOWN = 8


# --------------------------------------------------------------------------- values

def is_num(v):
    return isinstance(v, (int, Decimal)) and not isinstance(v, bool)


def canon(v, t):
    """A hashable form of an engine or oracle value for matching rows (value only)."""
    if v is None:
        return ("null",)
    k = t.kind
    if k == "BOOLEAN":
        return ("bool", v) if isinstance(v, bool) else ("bad", repr(v))
    if k == "TIMESTAMP":
        if isinstance(v, int) and not isinstance(v, bool):
            return ("ts", oracle.fmt_ts(v))
        return ("ts", v) if isinstance(v, str) else ("bad", repr(v))
    if k == "VARCHAR":
        return ("str", v) if isinstance(v, str) else ("bad", repr(v))
    if not (is_num(v) or isinstance(v, float)):
        return ("bad", repr(v))
    if t.is_int:
        d = Decimal(v) if not isinstance(v, float) else Decimal(v)
        return ("int", int(d)) if d == d.to_integral_value() else ("bad", repr(v))
    if k == "DECIMAL":
        return ("dec", Decimal(v).normalize() if not isinstance(v, float) else Decimal(v).normalize())
    if k == "REAL":
        return ("real", oracle.f32(float(v)))
    return ("dbl", float(v))


def value_problem(exp, got, t, tol):
    """None if the engine's value `got` (parsed JSON) equals the oracle's `exp`."""
    if exp is None:
        return None if got is None else "expected null"
    if got is None:
        return "unexpected null"
    k = t.kind
    if k == "BOOLEAN":
        return None if isinstance(got, bool) and got == exp else "expected %s" % json.dumps(exp)
    if k == "TIMESTAMP":
        want = oracle.fmt_ts(exp)
        return None if got == want else "expected %s" % want
    if k == "VARCHAR":
        return None if isinstance(got, str) and got == exp else "expected %s" % json.dumps(exp, ensure_ascii=False)
    if not is_num(got):
        return "not a number"
    if t.is_int:
        return None if Decimal(got) == exp else "expected %d" % exp
    if k == "DECIMAL":
        if Decimal(got) != exp:
            return "expected %s" % exp
        digits = -got.as_tuple().exponent if isinstance(got, Decimal) else 0
        if digits != t.s:
            return "value right but printed with %d decimals, DECIMAL(%d,%d) wants %d" % (digits, t.p, t.s, t.s)
        return None
    if k == "REAL":
        return None if oracle.f32(float(got)) == oracle.f32(exp) else "expected %s (REAL)" % shown_exp(exp, t)
    g = float(got)
    if g == exp:
        return None
    if tol and abs(g - exp) <= tol * max(abs(g), abs(exp)):
        return None
    return "expected %r%s" % (exp, " (rel. tol. %g)" % tol if tol else "")


def shown(v):
    if isinstance(v, Decimal):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def shown_exp(v, t):
    """An oracle value as the engine should print it."""
    if v is None:
        return "null"
    if t.kind == "DECIMAL":
        return str(v)
    if t.kind == "REAL":
        for p in range(1, 18):  # shortest text that reads back as the same float32
            s = "%.*g" % (p, v)
            if oracle.f32(float(s)) == v:
                return s
    return shown(oracle.json_value(v, t))


# --------------------------------------------------------------------------- rows

class StreamCheck:
    def __init__(self, case, stream, exp_rows, got_pairs):
        self.types = oracle.stream_types(case, stream)
        self.names = [c for c, _ in self.types]
        tol = case.get("tolerance", {})
        self.tol = {c: tol.get("%s.%s" % (stream, c)) for c in self.names}
        self.stream = stream
        self.exp = exp_rows
        self.got_pairs = got_pairs
        self.got = [dict(p) for p in got_pairs]
        self.problems = []
        self.order_only = False

    def key(self, row, engine):
        """Matching key: the canonical values of the columns compared exactly."""
        out = []
        for c, t in self.types:
            if self.tol[c]:
                continue
            v = row.get(c) if engine else row.vals[c]
            out.append(canon(v, t))
        return tuple(out)

    def row_problems(self, e, g):
        probs = []
        for c, t in self.types:
            if c not in g:
                probs.append("%s missing" % c)
                continue
            p = value_problem(e.vals[c], g[c], t, self.tol[c])
            if p:
                probs.append("%s=%s (%s)" % (c, shown(g[c]), p))
        return probs

    def match(self, exp, got):
        """Multiset match. Returns (unmatched expected, unmatched got, mismatched pairs)."""
        buckets = collections.defaultdict(list)
        for i, g in enumerate(got):
            buckets[self.key(g, True)].append(i)
        left_e, pairs = [], []
        used = set()
        for e in exp:
            b = buckets.get(self.key(e, False))
            hit = None
            if b:
                for j, i in enumerate(b):
                    if not self.row_problems(e, got[i]):
                        hit = b.pop(j)
                        break
                if hit is None and not any(self.tol.values()):
                    # same values, a strict problem only (e.g. DECIMAL scale, 1 vs true)
                    hit = b.pop(0)
                    pairs.append((e, got[hit]))
            if hit is None:
                left_e.append(e)
            else:
                used.add(hit)
        left_g = [g for i, g in enumerate(got) if i not in used]
        return left_e, left_g, pairs

    def run(self, ignore_order):
        for i, pairs in enumerate(self.got_pairs):
            keys = [k for k, _ in pairs]
            if keys != self.names:
                self.problems.append("row %d: keys %s, expected %s (declared order)" % (i + 1, keys, self.names))
                break
        ne, ng = len(self.exp), len(self.got)
        # ordered: the engine's sequence cut into the oracle's ROWTIME tie groups
        ordered_ok = ne == ng
        pos = 0
        i = 0
        while ordered_ok and i < ne:
            j = i
            while j < ne and self.exp[j].rowtime == self.exp[i].rowtime:
                j += 1
            le, lg, bad = self.match(self.exp[i:j], self.got[pos:pos + (j - i)])
            if le or lg or bad:
                ordered_ok = False
            pos += j - i
            i = j
        if ordered_ok:
            return not self.problems
        le, lg, bad = self.match(self.exp, self.got)
        if not le and not lg and not bad:
            self.order_only = True
            other_problems = len(self.problems)
            self.problems.append("ORDER: the rows are right but not in ROWTIME order (%d rows)" % ne)
            self.describe_order()
            return ignore_order and other_problems == 0
        self.problems.append("%d rows expected, %d produced; %d expected rows missing, %d unexpected rows" % (
            ne, ng, len(le), len(lg)))
        for e, g in bad[:MAX_SHOWN]:
            self.problems.append("  value problem at ROWTIME %s: %s" % (
                oracle.fmt_ts(e.rowtime), "; ".join(self.row_problems(e, g))))
        # pair each missing row with the unexpected row that agrees on most columns
        shown_pairs = 0
        lg_left = list(lg)
        for e in le:
            if shown_pairs >= MAX_SHOWN:
                break
            best, best_score = None, -1
            for g in lg_left:
                score = sum(1 for c, t in self.types if not value_problem(e.vals[c], g.get(c), t, self.tol[c]))
                if score > best_score:
                    best, best_score = g, score
            if best is not None and best_score >= len(self.types) // 2:
                lg_left.remove(best)
                self.problems.append("  ROWTIME %s: %s" % (oracle.fmt_ts(e.rowtime), "; ".join(
                    self.row_problems(e, best))))
                self.problems.append("      expected %s" % self.fmt_exp(e))
                self.problems.append("      got      %s" % self.fmt_got(best))
            else:
                self.problems.append("  missing  (ROWTIME %s) %s" % (oracle.fmt_ts(e.rowtime), self.fmt_exp(e)))
            shown_pairs += 1
        if len(le) > shown_pairs:
            self.problems.append("  ... %d more missing" % (len(le) - shown_pairs))
        for g in lg_left[:MAX_SHOWN]:
            self.problems.append("  unexpected %s" % self.fmt_got(g))
        if len(lg_left) > MAX_SHOWN:
            self.problems.append("  ... %d more unexpected" % (len(lg_left) - MAX_SHOWN))
        return False

    def describe_order(self):
        # first position where the engine's row is not of the expected ROWTIME group
        pos = 0
        i = 0
        while i < len(self.exp):
            j = i
            while j < len(self.exp) and self.exp[j].rowtime == self.exp[i].rowtime:
                j += 1
            le, lg, bad = self.match(self.exp[i:j], self.got[pos:pos + (j - i)])
            if le or lg or bad:
                self.problems.append("  first out-of-order output row: %d (expected a row with ROWTIME %s)" % (
                    pos + 1, oracle.fmt_ts(self.exp[i].rowtime)))
                for g in self.got[pos:pos + min(3, j - i)]:
                    self.problems.append("      got      %s" % self.fmt_got(g))
                for e in self.exp[i:i + min(3, j - i)]:
                    self.problems.append("      expected %s" % self.fmt_exp(e))
                return
            pos += j - i
            i = j

    def fmt_exp(self, e):
        return "{%s}" % ", ".join("%s: %s" % (c, shown_exp(e.vals[c], t)) for c, t in self.types)

    def fmt_got(self, g):
        return "{%s}" % ", ".join("%s: %s" % (c, shown(g.get(c))) for c in self.names)


def parse_jsonl(path):
    rows, bad = [], []
    if not os.path.exists(path):
        return None, ["no output file %s" % path]
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line, parse_float=Decimal, object_pairs_hook=list))
            except ValueError as e:
                bad.append("line %d is not JSON (%s): %s" % (n, e, line[:200]))
    return rows, bad


def check_errors(expected, path):
    problems = []
    got = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError:
                    problems.append("error stream line %d is not JSON: %s" % (n, line[:200]))
                    continue
                pos = rec.get("position")
                ln = pos.get("line") if isinstance(pos, dict) else (pos if isinstance(pos, int) else None)
                got.append((rec.get("kind"), ln, rec.get("message")))
    ek = collections.Counter(e["kind"] for e in expected)
    gk = collections.Counter(k for k, _, _ in got)
    for kind in sorted(set(ek) | set(gk)):
        if ek[kind] != gk[kind]:
            problems.append("error kind %s: %d expected, %d produced" % (kind, ek[kind], gk[kind]))
        if kind in SOURCE_KINDS:
            el = collections.Counter(e["line"] for e in expected if e["kind"] == kind)
            gl = collections.Counter(ln for k, ln, _ in got if k == kind)
            if el != gl:
                miss = sorted((el - gl).elements(), key=lambda x: (x is None, x or 0))
                extra = sorted((gl - el).elements(), key=lambda x: (x is None, x or 0))
                problems.append("  %s lines expected but not reported: %s" % (kind, miss[:20]))
                problems.append("  %s lines reported but not expected: %s" % (kind, extra[:20]))
                msgs = [m for k, ln, m in got if k == kind and ln in (gl - el)]
                for m in msgs[:3]:
                    problems.append("    e.g. message: %s" % m)
    return problems


# --------------------------------------------------------------------------- driver

def run_case(name, binary, keep, ignore_order, timeout):
    t0 = time.time()
    lines = []
    try:
        case = oracle.load_case(name)
        res = oracle.compute(case)
    except Exception as e:  # noqa: BLE001
        return False, ["ORACLE ERROR %s: %s" % (type(e).__name__, e)], time.time() - t0
    out_dir = os.path.join(keep, name) if keep else tempfile.mkdtemp(prefix="ssdiff-%s-" % name)
    if keep:
        shutil.rmtree(out_dir, ignore_errors=True)
        os.makedirs(out_dir)
    try:
        cmd = [binary, "run", "app.sql"]
        for o in case["outputs"]:
            cmd += ["--output", "%s=%s" % (o, os.path.join(out_dir, "out_%s.jsonl" % o))]
        err_path = os.path.join(out_dir, "errors.jsonl")
        cmd += ["--errors", err_path, "--quiet"]
        try:
            p = subprocess.run(cmd, cwd=case["dir"], capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return False, ["TIMEOUT after %ds: %s" % (timeout, " ".join(cmd))], time.time() - t0
        ok = True
        if p.returncode != 0:
            ok = False
            lines.append("exit status %d" % p.returncode)
            lines += ["  stderr: " + l for l in p.stderr.decode("utf-8", "replace").splitlines()[:15]]
        if p.stdout.strip():
            lines.append("stdout not empty (every output stream was redirected): %r" % p.stdout[:200])
        if p.returncode != 0 and not any(os.path.exists(os.path.join(out_dir, "out_%s.jsonl" % o))
                                         for o in case["outputs"]):
            return False, lines, time.time() - t0
        for o in case["outputs"]:
            rows, bad = parse_jsonl(os.path.join(out_dir, "out_%s.jsonl" % o))
            if rows is None or bad:
                ok = False
                lines += ["%s: %s" % (o, b) for b in bad[:MAX_SHOWN]]
                continue
            sc = StreamCheck(case, o, res["streams"][o], rows)
            if not sc.run(ignore_order):
                ok = False
            if sc.problems:
                lines.append("stream %s:" % o)
                lines += ["  " + x for x in sc.problems]
        eprobs = check_errors(res["errors"], err_path)
        if eprobs:
            ok = False
            lines.append("error stream:")
            lines += ["  " + x for x in eprobs]
        return ok, lines, time.time() - t0
    finally:
        if not keep:
            shutil.rmtree(out_dir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--case", action="append", help="run this case (repeatable)")
    ap.add_argument("--list", action="store_true", help="list the cases and what each covers")
    ap.add_argument("--binary", help="streamsql binary (default: $STREAMSQL, then build/release/streamsql)")
    ap.add_argument("--keep", help="keep outputs under this directory")
    ap.add_argument("--ignore-order", action="store_true", help="accept right rows in another order")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=120)
    a = ap.parse_args()
    names = oracle.list_cases()
    if a.list:
        for n in names:
            with open(os.path.join(oracle.CASES_DIR, n, "app.sql"), encoding="utf-8") as f:
                first = f.readline().strip().lstrip("- ")
            print(first)
        return 0
    if a.case:
        unknown = [c for c in a.case if c not in names]
        if unknown:
            print("unknown case(s): %s" % ", ".join(unknown), file=sys.stderr)
            return 2
        names = a.case
    binary = a.binary or os.environ.get("STREAMSQL") or os.path.join(REPO, "build", "release", "streamsql")
    binary = os.path.abspath(binary)
    if not os.access(binary, os.X_OK):
        print("no streamsql binary at %s (set STREAMSQL or --binary)" % binary, file=sys.stderr)
        return 2
    keep = os.path.abspath(a.keep) if a.keep else None
    print("streamsql: %s" % binary)
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        futs = [(n, ex.submit(run_case, n, binary, keep, a.ignore_order, a.timeout)) for n in names]
        failed = []
        for n, f in futs:
            ok, lines, secs = f.result()
            print("%s %-28s %5.1fs" % ("PASS" if ok else "FAIL", n, secs))
            for l in lines:
                print("     " + l)
            if not ok:
                failed.append(n)
    print("%d cases, %d passed, %d failed%s" % (len(names), len(names) - len(failed), len(failed),
                                               (": " + " ".join(failed)) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
