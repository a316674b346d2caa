#!/usr/bin/env python3
"""Compares one output stream, produced elsewhere, with the oracle's expectation.

For tests whose output does not come from a file run (Kafka, Kinesis): the test
writes the application's spec (spec.py, as for cases/, with its source file next
to it), collects the rows the engine produced (one JSON object per line, e.g. read
back from a topic with kcat), and asks:

  check_output.py --spec DIR --stream OUT --got rows.jsonl [--ignore-order]

Values and row multisets are compared exactly as run.py compares them. Rows from
several partitions come in no global order: --ignore-order compares the whole
stream as one multiset. Prints the counts, and every problem found.
Exit status: 0 when the rows match, 1 when they do not, 2 on usage errors.
"""
import argparse
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import oracle  # noqa: E402
import run  # noqa: E402


def load_spec(path):
    spec = importlib.util.spec_from_file_location("case_external", os.path.join(path, "spec.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    case = mod.CASE
    case["name"] = os.path.basename(os.path.abspath(path))
    case["dir"] = os.path.abspath(path)
    return case


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--spec", required=True, help="directory holding spec.py and its source file(s)")
    ap.add_argument("--stream", required=True, help="the output stream the rows belong to")
    ap.add_argument("--got", required=True, help="the engine's rows, one JSON object per line")
    ap.add_argument("--ignore-order", action="store_true", help="compare as one multiset")
    a = ap.parse_args()
    case = load_spec(a.spec)
    expected = oracle.compute(case)["streams"].get(a.stream)
    if expected is None:
        print("the spec has no output stream %s" % a.stream, file=sys.stderr)
        return 2
    rows, bad = run.parse_jsonl(a.got)
    if rows is None or bad:
        for b in bad:
            print(b)
        return 1
    check = run.StreamCheck(case, a.stream, expected, rows)
    ok = check.run(a.ignore_order)
    print("%s: %d rows expected, %d produced: %s" % (a.stream, len(expected), len(rows),
                                                    "match" if ok else "MISMATCH"))
    if not ok:
        for p in check.problems:
            print("  " + p)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
