#!/usr/bin/env python3
"""Reference implementation of SPEC sections 2-5 for the differential tests.

Independent of the C engine: it never parses the application's SQL. Each case has
a declarative spec (cases/NAME/spec.py, a dict CASE) that restates the
application: sources (schema, format, ROWTIME column, WATERMARK_DELAY), streams
(column types), and pumps (filter, keys, window, aggregates, having, select list),
with every expression written in SQLite's SQL. This module then

  1. reads each source file itself (json / a small RFC 4180 reader), converts
     values to the declared column types, assigns ROWTIME, tracks the watermark
     and sorts rows into error records (parse / convert / rowtime / late);
  2. orders the accepted rows by ROWTIME (ties: arrival order);
  3. runs the pumps in the spec's order: the streaming part (window assignment,
     sessions, stagger windows, sliding frames) in Python, the relational part
     (filters, expressions, GROUP BY, aggregates) in SQLite;
  4. casts each result row to its target stream's column types.

Usage:
  oracle.py --list
  oracle.py --case NAME [--show]     print the expected rows and errors
  oracle.py --self-check             run every case's spec, check it is sane

See README.md for the spec format and the decisions taken where SPEC is silent.
"""
import argparse
import calendar
import decimal
import importlib.util
import json
import math
import os
import re
import sqlite3
import struct
import sys
from bisect import bisect_left
from decimal import Decimal

sys.dont_write_bytecode = True  # spec modules are loaded from the source tree

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")

INT_RANGES = {
    "TINYINT": (-(2 ** 7), 2 ** 7 - 1),
    "SMALLINT": (-(2 ** 15), 2 ** 15 - 1),
    "INTEGER": (-(2 ** 31), 2 ** 31 - 1),
    "BIGINT": (-(2 ** 63), 2 ** 63 - 1),
}


class OracleError(Exception):
    """A bug or an unsupported construct in a case spec (not a data error)."""


class ConvertError(Exception):
    pass


class EvalError(Exception):
    pass


# --------------------------------------------------------------------------- types

class SqlType:
    def __init__(self, kind, n=None, p=None, s=None):
        self.kind, self.n, self.p, self.s = kind, n, p, s

    @property
    def is_int(self):
        return self.kind in INT_RANGES

    def __repr__(self):
        if self.kind == "VARCHAR":
            return "VARCHAR(%d)" % self.n
        if self.kind == "DECIMAL":
            return "DECIMAL(%d,%d)" % (self.p, self.s)
        return self.kind


def parse_type(text):
    t = text.strip().upper()
    m = re.fullmatch(r"VARCHAR\s*\(\s*(\d+)\s*\)", t)
    if m:
        return SqlType("VARCHAR", n=int(m.group(1)))
    m = re.fullmatch(r"(?:DECIMAL|NUMERIC)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)", t)
    if m:
        return SqlType("DECIMAL", p=int(m.group(1)), s=int(m.group(2)))
    aliases = {"INT": "INTEGER", "FLOAT": "DOUBLE", "DOUBLE PRECISION": "DOUBLE"}
    t = aliases.get(t, t)
    if t in INT_RANGES or t in ("REAL", "DOUBLE", "BOOLEAN", "TIMESTAMP"):
        return SqlType(t)
    raise OracleError("type not supported by the oracle: %r" % text)


def f32(x):
    """Round a double to single precision (REAL)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def interval_ms(text):
    """'10 SECOND' -> 10000."""
    m = re.fullmatch(r"\s*(\d+)\s+(MILLISECOND|SECOND|MINUTE|HOUR|DAY)S?\s*", text.upper())
    if not m:
        raise OracleError("bad interval %r" % text)
    unit = {"MILLISECOND": 1, "SECOND": 1000, "MINUTE": 60000, "HOUR": 3600000, "DAY": 86400000}
    return int(m.group(1)) * unit[m.group(2)]


# --------------------------------------------------------------------------- time

TS_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z)?)?")


def parse_ts_text(s):
    """'YYYY-MM-DD HH:MM:SS[.fff]', ISO-8601 with T and optional Z, or an ISO-8601 date
    alone (midnight) -> epoch ms (UTC)."""
    m = TS_RE.fullmatch(s)
    if not m:
        raise ConvertError("not a timestamp: %r" % s)
    y, mo, d, h, mi, se = (int(m.group(i) or 0) for i in range(1, 7))
    frac = m.group(7) or ""
    ms = int(frac.ljust(3, "0")) if frac else 0
    if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1] and h < 24 and mi < 60 and se < 60):
        raise ConvertError("not a valid date/time: %r" % s)
    return calendar.timegm((y, mo, d, h, mi, se)) * 1000 + ms


def fmt_ts(ms):
    """epoch ms -> 'YYYY-MM-DD HH:MM:SS.fff' (SPEC section 4)."""
    sec, milli = divmod(ms, 1000)
    t = __import__("time").gmtime(sec)
    return "%04d-%02d-%02d %02d:%02d:%02d.%03d" % (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min,
                                                   t.tm_sec, milli)


# --------------------------------------------------------------------------- conversions

INT_TEXT = re.compile(r"[+-]?\d+")
NUM_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def quantize(d, t):
    """DECIMAL(p,s): round half away from zero to s digits; more than p digits is an error."""
    q = d.quantize(Decimal(1).scaleb(-t.s), rounding=decimal.ROUND_HALF_UP)
    if len(q.as_tuple().digits) > t.p and q != 0:
        raise ConvertError("%s does not fit DECIMAL(%d,%d)" % (q, t.p, t.s))
    return q


def check_int(v, t):
    lo, hi = INT_RANGES[t.kind]
    if not lo <= v <= hi:
        raise ConvertError("%d out of range for %s" % (v, t.kind))
    return v


def from_text(s, t):
    """CAST(text AS t): used for CSV fields and for JSON strings."""
    k = t.kind
    if k == "VARCHAR":
        return s[: t.n]
    if t.is_int:
        if not INT_TEXT.fullmatch(s):
            raise ConvertError("not an integer: %r" % s)
        return check_int(int(s), t)
    if k in ("REAL", "DOUBLE"):
        if not NUM_TEXT.fullmatch(s):
            raise ConvertError("not a number: %r" % s)
        x = float(s)
        if math.isinf(x):
            raise ConvertError("out of range: %r" % s)
        return f32(x) if k == "REAL" else x
    if k == "DECIMAL":
        if not NUM_TEXT.fullmatch(s):
            raise ConvertError("not a number: %r" % s)
        return quantize(Decimal(s), t)
    if k == "BOOLEAN":
        if s.lower() == "true":
            return True
        if s.lower() == "false":
            return False
        raise ConvertError("not a boolean: %r" % s)
    if k == "TIMESTAMP":
        return parse_ts_text(s)
    raise OracleError(k)


def from_json(v, t):
    """A JSON value (json.loads with parse_float=Decimal) into a column of type t."""
    if v is None:
        return None
    if isinstance(v, str):
        return from_text(v, t)
    if isinstance(v, (dict, list)):
        raise ConvertError("JSON %s for %s" % (type(v).__name__, t))
    k = t.kind
    if isinstance(v, bool):
        if k == "BOOLEAN":
            return v
        raise ConvertError("boolean for %s" % t)
    # a number (int or Decimal)
    if t.is_int or k == "TIMESTAMP":
        if isinstance(v, Decimal):
            if v != v.to_integral_value():
                raise ConvertError("%s is not a whole number" % v)
            v = int(v)
        return check_int(v, t) if t.is_int else check_int(v, SqlType("BIGINT"))
    if k in ("REAL", "DOUBLE"):
        x = float(v)
        if math.isinf(x):
            raise ConvertError("out of range")
        return f32(x) if k == "REAL" else x
    if k == "DECIMAL":
        return quantize(Decimal(v), t)
    raise ConvertError("number for %s" % t)


def to_target(v, t):
    """Assignment of an expression result (a SQLite value) to a column of type t."""
    if v is None:
        return None
    k = t.kind
    if isinstance(v, Decimal):
        v = float(v) if k not in ("DECIMAL",) else v
    if t.is_int or k == "TIMESTAMP":
        if isinstance(v, float):
            v = int(v)  # CAST(DOUBLE AS INTEGER) truncates toward zero
        if not isinstance(v, int):
            raise OracleError("%r into %s" % (v, t))
        lo, hi = INT_RANGES.get(k, INT_RANGES["BIGINT"])
        if not lo <= v <= hi:
            raise OracleError("%r out of range of %s (the oracle does not model this)" % (v, t))
        return v
    if k == "DOUBLE":
        if not isinstance(v, (int, float)):
            raise OracleError("%r into %s" % (v, t))
        return float(v)
    if k == "REAL":
        if not isinstance(v, (int, float)):
            raise OracleError("%r into %s" % (v, t))
        return f32(float(v))
    if k == "DECIMAL":
        if isinstance(v, float):
            v = Decimal(v)  # the exact binary value; cases avoid ties
        elif isinstance(v, int):
            v = Decimal(v)
        return quantize(v, t)
    if k == "VARCHAR":
        if not isinstance(v, str):
            raise OracleError("%r into %s: cases CAST explicitly" % (v, t))
        return v[: t.n]
    if k == "BOOLEAN":
        if v in (0, 1):
            return bool(v)
        raise OracleError("%r into BOOLEAN" % (v,))
    raise OracleError(k)


def to_sqlite(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, Decimal):
        return float(v)
    return v


# --------------------------------------------------------------------------- SQLite

def _sdiv(a, b):
    """SQL '/': NULL in, NULL out; integer / integer truncates toward zero; x / 0 is an error."""
    if a is None or b is None:
        return None
    if b == 0:
        raise ZeroDivisionError("division by zero")
    if isinstance(a, int) and isinstance(b, int):
        q = abs(a) // abs(b)
        return q if (a >= 0) == (b >= 0) else -q
    return a / b


def _smod(a, b):
    if a is None or b is None:
        return None
    if b == 0:
        raise ZeroDivisionError("division by zero")
    if isinstance(a, int) and isinstance(b, int):
        r = abs(a) % abs(b)
        return r if a >= 0 else -r
    return math.fmod(a, b)


def _round(x, n=0):
    """ROUND: half away from zero on the exact value of x."""
    if x is None or n is None:
        return None
    if isinstance(x, int) and n >= 0:
        return x
    d = Decimal(x).quantize(Decimal(1).scaleb(-n), rounding=decimal.ROUND_HALF_UP)
    return float(d) if isinstance(x, float) else int(d)


def _num1(f, keep_int=False):
    def g(x):
        if x is None:
            return None
        if keep_int and isinstance(x, int):
            return x
        return f(x)
    return g


def _floor_to(ts, unit):
    """FLOOR(ts TO unit) on epoch ms."""
    if ts is None:
        return None
    size = interval_ms("1 " + unit)
    return (ts // size) * size


def _step(ts, size):
    if ts is None:
        return None
    return (ts // size) * size


class _VarAgg:
    """STDDEV/VAR: two-pass over the exact sum (math.fsum), NULLs skipped."""
    kind = None

    def __init__(self):
        self.xs = []

    def step(self, x):
        if x is not None:
            self.xs.append(float(x))

    def finalize(self):
        n = len(self.xs)
        samp = self.kind.endswith("samp")
        if n == 0 or (samp and n == 1):
            return None
        mean = math.fsum(self.xs) / n
        ss = math.fsum((x - mean) ** 2 for x in self.xs)
        var = ss / (n - 1 if samp else n)
        return math.sqrt(var) if self.kind.startswith("stddev") else var


def _var_class(kind):
    return type("Agg_" + kind, (_VarAgg,), {"kind": kind})


class _AvgInt:
    """AVG of an integer column: exact sum, quotient truncated toward zero (SPEC 2)."""

    def __init__(self):
        self.s, self.n = 0, 0

    def step(self, x):
        if x is not None:
            if not isinstance(x, int):
                raise TypeError("avg_int of a non-integer")
            self.s += x
            self.n += 1

    def finalize(self):
        if self.n == 0:
            return None
        return _sdiv(self.s, self.n)


class _AvgDouble:
    """AVG of a floating column: plain sum / count (compared with a tolerance)."""

    def __init__(self):
        self.xs = []

    def step(self, x):
        if x is not None:
            self.xs.append(float(x))

    def finalize(self):
        return math.fsum(self.xs) / len(self.xs) if self.xs else None


class _SumDouble:
    def __init__(self):
        self.xs = []

    def step(self, x):
        if x is not None:
            self.xs.append(float(x))

    def finalize(self):
        return math.fsum(self.xs) if self.xs else None


class _FirstBy:
    """first_by(seq, x): x of the row with the smallest seq, NULL or not (RESPECT NULLS)."""

    def __init__(self):
        self.best = None

    def step(self, seq, x):
        if self.best is None or seq < self.best[0]:
            self.best = (seq, x)

    def finalize(self):
        return None if self.best is None else self.best[1]


class _LastBy(_FirstBy):
    def step(self, seq, x):
        if self.best is None or seq > self.best[0]:
            self.best = (seq, x)


def new_connection():
    db = sqlite3.connect(":memory:", cached_statements=2000)
    db.execute("PRAGMA case_sensitive_like = ON")  # SQL LIKE is case-sensitive
    db.create_function("sdiv", 2, _sdiv)
    db.create_function("smod", 2, _smod)
    db.create_function("sround", 1, _round)
    db.create_function("sround", 2, _round)
    db.create_function("sceil", 1, _num1(lambda x: float(math.ceil(x)), keep_int=True))
    db.create_function("sfloor", 1, _num1(lambda x: float(math.floor(x)), keep_int=True))
    db.create_function("spower", 2, lambda a, b: None if a is None or b is None else math.pow(a, b))
    db.create_function("ssqrt", 1, _num1(lambda x: math.sqrt(x)))
    db.create_function("sln", 1, _num1(lambda x: math.log(x)))
    db.create_function("sexp", 1, _num1(lambda x: math.exp(x)))
    db.create_function("floor_to", 2, _floor_to)
    db.create_function("step_ms", 2, _step)
    for k in ("stddev_pop", "stddev_samp", "var_pop", "var_samp"):
        db.create_aggregate(k, 1, _var_class(k))
    db.create_aggregate("avg_int", 1, _AvgInt)
    db.create_aggregate("avg_dbl", 1, _AvgDouble)
    db.create_aggregate("sum_dbl", 1, _SumDouble)
    db.create_aggregate("first_by", 2, _FirstBy)
    db.create_aggregate("last_by", 2, _LastBy)
    return db


def q(name):
    return '"' + name.replace('"', '""') + '"'


class Evaluator:
    """Evaluates SQLite expressions over one row given as a dict name -> value."""

    def __init__(self, db):
        self.db = db
        self.cache = {}

    def eval(self, exprs, ctx):
        names = tuple(ctx)
        key = (tuple(exprs), names)
        sql = self.cache.get(key)
        if sql is None:
            inner = ", ".join("? AS %s" % q(n) for n in names) or "1 AS _dummy"
            sql = "SELECT %s FROM (SELECT %s)" % (", ".join("(%s)" % e for e in exprs), inner)
            self.cache[key] = sql
        try:
            row = self.db.execute(sql, [to_sqlite(ctx[n]) for n in names]).fetchone()
        except sqlite3.OperationalError as e:
            msg = str(e)
            if "division by zero" in msg or "user-defined function raised exception" in msg:
                raise EvalError(msg)
            raise OracleError("%s\n  in: %s" % (msg, sql))
        return list(row)


# --------------------------------------------------------------------------- sources

class Row:
    __slots__ = ("rowtime", "vals", "line", "order")

    def __init__(self, rowtime, vals, line=None, order=None):
        self.rowtime, self.vals, self.line, self.order = rowtime, vals, line, order


def csv_records(text, delim):
    """RFC 4180 records -> [(start_line, fields or None if malformed)]; a field is
    (value, quoted). Quotes open a quoted field only at its start; a stray quote or
    text after a closing quote makes the record malformed (kind parse)."""
    out = []
    i, n, line = 0, len(text), 1
    while i < n:
        start_line = line
        fields, bad = [], False
        while True:
            if i < n and text[i] == '"':
                i += 1
                buf = []
                while True:
                    if i >= n:
                        bad = True
                        break
                    c = text[i]
                    if c == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            buf.append('"')
                            i += 2
                            continue
                        i += 1
                        break
                    if c == "\n":
                        line += 1
                    buf.append(c)
                    i += 1
                fields.append(("".join(buf), True))
                if i < n and text[i] not in (delim, "\n", "\r"):
                    bad = True
            else:
                j = i
                while j < n and text[j] not in (delim, "\n"):
                    j += 1
                f = text[i:j]
                if f.endswith("\r") and (j >= n or text[j] == "\n"):
                    f = f[:-1]
                if '"' in f:
                    bad = True
                fields.append((f, False))
                i = j
            if bad:
                while i < n and text[i] != "\n":
                    i += 1
            if i < n and text[i] == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            if i >= n or text[i] == "\n" or bad:
                i += 1
                line += 1
                break
            i += 1  # the delimiter
        out.append((start_line, None if bad else fields))
    return out


def read_source(case_dir, name, src):
    """-> (accepted rows sorted by (ROWTIME, arrival), error records)."""
    cols = [(c, parse_type(t)) for c, t in src["columns"]]
    rt_col = src.get("rowtime")
    if not rt_col:
        raise OracleError("the oracle needs event time (ROWTIME = 'col')")
    rt_col = rt_col.upper()
    delay = interval_ms(src.get("delay", "0 SECOND"))
    path = os.path.join(case_dir, src["file"])
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    fmt = src.get("format", "json").lower()

    def reject(msg):
        raise ValueError(msg)

    records = []  # (line, dict col -> raw) or (line, None) for a parse error
    if fmt == "json":
        for ln, rec in enumerate(text.split("\n"), 1):
            if rec.strip() == "":
                continue  # blank lines are not records (the generator writes none)
            try:
                obj = json.loads(rec, parse_float=Decimal, parse_constant=reject)
            except ValueError:
                records.append((ln, None))
                continue
            if not isinstance(obj, dict):
                records.append((ln, None))
                continue
            low = {k.lower(): v for k, v in obj.items()}
            records.append((ln, {c: ("json", low.get(c.lower())) for c, _ in cols}))
    elif fmt == "csv":
        delim = src.get("delimiter", ",")
        recs = csv_records(text, delim)
        if src.get("header"):
            ln, hdr = recs.pop(0)
            names = [h.upper() for h, _ in hdr]
            if names != [c.upper() for c, _ in cols]:
                raise OracleError("cases keep the CSV header in declared column order")
        for ln, fields in recs:
            if fields is None:
                records.append((ln, None))
                continue
            if len(fields) != len(cols):
                raise OracleError("line %d: cases keep the field count equal to the columns" % ln)
            d = {}
            for (c, _), (v, quoted) in zip(cols, fields):
                d[c] = ("text", None if (v == "" and not quoted) else v)
            records.append((ln, d))
    else:
        raise OracleError(fmt)

    accepted, errors = [], []
    max_t, wm = None, None
    for ln, rec in records:
        if rec is None:
            errors.append({"kind": "parse", "line": ln, "stream": name})
            continue
        vals, bad_col, bad_rt = {}, None, False
        for c, t in cols:
            how, raw = rec[c]
            try:
                if raw is None:
                    v = None
                elif how == "json":
                    v = from_json(raw, t)
                else:
                    v = from_text(raw, t)
            except ConvertError:
                if c.upper() == rt_col:
                    bad_rt = True
                elif bad_col is None:
                    bad_col = c
                v = None
            vals[c] = v
        rt_vals = [vals[c] for c, _ in cols if c.upper() == rt_col]
        if not rt_vals:
            raise OracleError("ROWTIME column %s not declared" % rt_col)
        if bad_rt or rt_vals[0] is None:
            errors.append({"kind": "rowtime", "line": ln, "stream": name})
            continue
        if bad_col is not None:
            errors.append({"kind": "convert", "line": ln, "stream": name})
            continue
        t = rt_vals[0]
        if wm is not None and t < wm:
            errors.append({"kind": "late", "line": ln, "stream": name})
            continue
        if max_t is None or t > max_t:
            max_t = t
            wm = max_t - delay
        accepted.append(Row(t, vals, line=ln, order=(len(accepted),)))
    accepted.sort(key=lambda r: (r.rowtime, r.order))
    return accepted, errors


# --------------------------------------------------------------------------- pumps

def _filter_and_eval(ev, rows, where, exprs, errors, stream):
    """Per row: WHERE, then exprs. Rows with an evaluation error are reported (kind eval)
    and dropped. Returns [(row, values)]."""
    out = []
    for r in rows:
        ctx = dict(r.vals)
        ctx["ROWTIME"] = r.rowtime
        try:
            if where is not None:
                ok = ev.eval([where], ctx)[0]
                if not ok:  # NULL or false
                    continue
            vals = ev.eval(exprs, ctx) if exprs else []
        except EvalError:
            errors.append({"kind": "eval", "line": r.line, "stream": stream})
            continue
        out.append((r, vals))
    return out


def _emit(target_cols, select_names, values, rowtime, order):
    """One output row of the target stream: select values mapped onto columns
    (an INSERT column list maps by name; unlisted columns are NULL)."""
    vals = {c: None for c, _ in target_cols}
    types = dict(target_cols)
    for name, v in zip(select_names, values):
        vals[name] = to_target(v, types[name])
    return Row(rowtime, vals, order=order)


def run_project(ev, p, rows, target, errors):
    got = _filter_and_eval(ev, rows, p.get("where"), p["select"], errors, p["from"])
    out = []
    for i, (r, vals) in enumerate(got):
        out.append(_emit(target, p["_names"], vals, r.rowtime, (r.rowtime, i)))
    return out


def _assign_windows(p, keyed):
    """keyed: [(row, keyvals)] in processing order -> [(row, keyvals, win_start, rowtime_out)]."""
    kind = p["kind"]
    out = []
    if kind == "tumble":
        size = interval_ms(p["size"])
        for r, k in keyed:
            s = (r.rowtime // size) * size
            out.append((r, k, s, s + size))
    elif kind == "hop":
        slide, size = interval_ms(p["slide"]), interval_ms(p["size"])
        for r, k in keyed:
            # every k with k*slide <= t < k*slide + size
            hi = r.rowtime // slide
            j = hi
            while j * slide + size > r.rowtime:
                out.append((r, k, j * slide, j * slide + size))
                j -= 1
    elif kind == "session":
        gap = interval_ms(p["gap"])
        per_key = {}
        for r, k in keyed:
            per_key.setdefault(tuple(k), []).append((r, k))
        for members in per_key.values():
            sessions, cur = [], []
            for r, k in members:
                if cur and r.rowtime - cur[-1][0].rowtime >= gap:
                    sessions.append(cur)
                    cur = []
                cur.append((r, k))
            if cur:
                sessions.append(cur)
            for sess in sessions:
                start, end = sess[0][0].rowtime, sess[-1][0].rowtime + gap
                for r, k in sess:
                    out.append((r, k, start, end))
    elif kind == "stagger":
        rng = interval_ms(p["range"])
        per_key = {}
        for r, k in keyed:
            per_key.setdefault(tuple(k), []).append((r, k))
        for members in per_key.values():
            t0 = None
            for r, k in members:
                if t0 is None or r.rowtime >= t0 + rng:
                    t0 = r.rowtime
                out.append((r, k, t0, t0 + rng))
    else:
        raise OracleError(kind)
    return out


def run_grouped(ev, db, p, rows, target, errors, src_cols):
    keys = p.get("keys", [])
    key_names = [k for k, _ in keys]
    got = _filter_and_eval(ev, rows, p.get("where"), [e for _, e in keys], errors, p["from"])
    # processing order is rows' order; seq numbers it
    seq_of = {id(r): i for i, (r, _) in enumerate(got)}
    members = _assign_windows(p, got)
    cols = list(src_cols)
    db.execute("DROP TABLE IF EXISTS w")
    # internal columns start with '_' (cases do not name columns so)
    tcols = ["_seq", "_rowtime", "_win_start", "_rowtime_out"] + ["_k%d" % i for i in range(len(keys))] + cols
    db.execute("CREATE TABLE w (%s)" % ", ".join(q(c) for c in tcols))
    ins = "INSERT INTO w VALUES (%s)" % ", ".join("?" * len(tcols))
    db.executemany(ins, [
        [seq_of[id(r)], r.rowtime, ws, we] + [to_sqlite(v) for v in k] + [to_sqlite(r.vals.get(c)) for c in cols]
        for r, k, ws, we in members])
    aggs = p.get("aggs", [])
    kcols = ["_k%d" % i for i in range(len(keys))]
    group = ["_win_start", "_rowtime_out"] + kcols
    sql = "SELECT %s FROM w GROUP BY %s" % (
        ", ".join(group + ["MIN(_seq)"] + ["(%s)" % a for _, a in aggs]), ", ".join(group))
    try:
        res = db.execute(sql).fetchall()
    except sqlite3.Error as e:
        raise OracleError("%s\n  in: %s" % (e, sql))
    out = []
    for row in res:
        ws, rt, kv = row[0], row[1], row[2:2 + len(keys)]
        first_seq = row[2 + len(keys)]
        av = row[3 + len(keys):]
        ctx = {"WIN_START": ws, "ROWTIME": rt}
        ctx.update(zip(key_names, kv))
        ctx.update(zip([a for a, _ in aggs], av))
        try:
            if p.get("having") is not None and not ev.eval([p["having"]], ctx)[0]:
                continue
            vals = ev.eval(p["select"], ctx)
        except EvalError:
            errors.append({"kind": "eval", "line": None, "stream": p["into"]})
            continue
        # groups of one window: in order of their first row
        out.append(_emit(target, p["_names"], vals, rt, (rt, first_seq)))
    out.sort(key=lambda r: r.order)
    return out


def run_sliding(ev, db, p, rows, target, errors, src_cols):
    windows = p["windows"]
    wnames = list(windows)
    part_exprs = []
    for w in wnames:
        part_exprs += windows[w].get("partition", [])
    got = _filter_and_eval(ev, rows, p.get("where"), part_exprs, errors, p["from"])
    cols = list(src_cols)
    db.execute("DROP TABLE IF EXISTS s")
    tcols = ["_seq", "_rowtime"] + ["_part_%s" % w for w in wnames] + ["_pidx_%s" % w for w in wnames] + cols
    db.execute("CREATE TABLE s (%s)" % ", ".join(q(c) for c in tcols))
    # Python: partitions and frames (the streaming part)
    frames = []  # per row: {w: (part, lo, hi)}
    parts = {w: {} for w in wnames}  # w -> key -> [rowtimes]
    rows_sql = []
    for seq, (r, pv) in enumerate(got):
        fr, pid, pidx = {}, [], []
        off = 0
        for w in wnames:
            spec = windows[w]
            npart = len(spec.get("partition", []))
            key = tuple(to_sqlite(v) for v in pv[off:off + npart])
            off += npart
            plist = parts[w].setdefault(key, [])
            plist.append(r.rowtime)
            cur = len(plist) - 1
            if "range" in spec:
                lo = bisect_left(plist, r.rowtime - interval_ms(spec["range"]))
            else:
                lo = max(0, cur - spec["rows"])
            part_id = list(parts[w]).index(key)
            fr[w] = (part_id, lo, cur)
            pid.append(part_id)
            pidx.append(cur)
        frames.append(fr)
        rows_sql.append([seq, r.rowtime] + pid + pidx + [to_sqlite(r.vals.get(c)) for c in cols])
    db.executemany("INSERT INTO s VALUES (%s)" % ", ".join("?" * len(tcols)), rows_sql)
    for w in wnames:
        db.execute("CREATE INDEX s_%s ON s (%s, %s)" % (w, q("_part_" + w), q("_pidx_" + w)))
    aggs = p["aggs"]  # [(name, window, agg expr)]
    by_w = {w: [(n, a) for n, ww, a in aggs if ww == w] for w in wnames}
    sqls = {w: "SELECT %s FROM s WHERE %s = ? AND %s BETWEEN ? AND ?" % (
        ", ".join("(%s)" % a for _, a in by_w[w]), q("_part_" + w), q("_pidx_" + w)) for w in wnames if by_w[w]}
    out = []
    for i, ((r, _), fr) in enumerate(zip(got, frames)):
        ctx = dict(r.vals)
        ctx["ROWTIME"] = r.rowtime
        for w, sql in sqls.items():
            vals = db.execute(sql, fr[w]).fetchone()
            ctx.update(zip([n for n, _ in by_w[w]], vals))
        try:
            vals = ev.eval(p["select"], ctx)
        except EvalError:
            errors.append({"kind": "eval", "line": r.line, "stream": p["from"]})
            continue
        out.append(_emit(target, p["_names"], vals, r.rowtime, (r.rowtime, i)))
    return out


# --------------------------------------------------------------------------- driver

def load_case(name):
    path = os.path.join(CASES_DIR, name, "spec.py")
    spec = importlib.util.spec_from_file_location("case_" + name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    case = mod.CASE
    case["name"] = name
    case["dir"] = os.path.join(CASES_DIR, name)
    return case


def list_cases():
    return sorted(d for d in os.listdir(CASES_DIR) if os.path.exists(os.path.join(CASES_DIR, d, "spec.py")))


def stream_types(case, name):
    if name in case["sources"]:
        return [(c, parse_type(t)) for c, t in case["sources"][name]["columns"]]
    return [(c, parse_type(t)) for c, t in case["streams"][name]]


def compute(case):
    """-> {"streams": {name: [Row]}, "errors": [ {kind, line, stream} ]}"""
    db = new_connection()
    ev = Evaluator(db)
    data, errors = {}, []
    for name, src in case["sources"].items():
        rows, errs = read_source(case["dir"], name, src)
        data[name] = rows
        errors += errs
    produced = {}
    for p in case["pumps"]:
        if p["from"] not in data:
            raise OracleError("pump %s reads %s before it is produced (order the pumps)" % (p.get("name"), p["from"]))
        target = stream_types(case, p["into"])
        p["_names"] = p.get("columns") or [c for c, _ in target]
        if len(p["_names"]) != len(p["select"]):
            raise OracleError("pump into %s: %d select items for %d columns" % (
                p["into"], len(p["select"]), len(p["_names"])))
        src_cols = [c for c, _ in stream_types(case, p["from"])]
        rows = data[p["from"]]
        kind = p["kind"]
        if kind == "project":
            out = run_project(ev, p, rows, target, errors)
        elif kind in ("tumble", "hop", "session", "stagger"):
            out = run_grouped(ev, db, p, rows, target, errors, src_cols)
        elif kind == "sliding":
            out = run_sliding(ev, db, p, rows, target, errors, src_cols)
        else:
            raise OracleError("unknown pump kind %r" % kind)
        produced.setdefault(p["into"], []).append(out)
        # a stream is complete once every pump into it has run (pumps are in order)
        if all(pp["into"] != p["into"] for pp in case["pumps"][case["pumps"].index(p) + 1:]):
            merged = []
            for k, lst in enumerate(produced[p["into"]]):
                for r in lst:
                    r.order = (r.rowtime, k) + tuple(r.order[1:])
                    merged.append(r)
            merged.sort(key=lambda r: r.order)
            data[p["into"]] = merged
    return {"streams": {o: data.get(o, []) for o in case["outputs"]}, "errors": errors}


def json_value(v, t):
    if v is None:
        return None
    if t.kind == "TIMESTAMP":
        return fmt_ts(v)
    if t.kind == "DECIMAL":
        return str(v)
    return v


def show(case, res):
    for o in case["outputs"]:
        types = stream_types(case, o)
        rows = res["streams"][o]
        print("== %s: %d rows" % (o, len(rows)))
        for r in rows:
            print("  [%s] %s" % (fmt_ts(r.rowtime), json.dumps({c: json_value(r.vals[c], t) for c, t in types})))
    print("== errors: %d" % len(res["errors"]))
    for e in res["errors"]:
        print("  %s line %s" % (e["kind"], e["line"]))


def self_check(names):
    bad = 0
    for n in names:
        try:
            case = load_case(n)
            res = compute(case)
            sizes = {o: len(res["streams"][o]) for o in case["outputs"]}
            kinds = {}
            for e in res["errors"]:
                kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
            problems = [o for o, k in sizes.items() if k == 0]
            for k in case.get("expect_errors", []):
                if k not in kinds:
                    problems.append("no %s errors" % k)
            status = "ok " if not problems else "BAD"
            if problems:
                bad += 1
            print("%s %-28s rows %s errors %s %s" % (status, n, sizes, kinds, " ".join(problems)))
        except Exception as e:  # noqa: BLE001
            bad += 1
            print("BAD %-28s %s: %s" % (n, type(e).__name__, e))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--case")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--self-check", action="store_true")
    a = ap.parse_args()
    if a.list:
        print("\n".join(list_cases()))
        return 0
    if a.self_check:
        return 1 if self_check([a.case] if a.case else list_cases()) else 0
    if a.case:
        case = load_case(a.case)
        show(case, compute(case))
        return 0
    ap.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
