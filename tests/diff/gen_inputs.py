#!/usr/bin/env python3
"""Generates the input file of every differential case (tests/diff/cases/NAME/input.*).

Deterministic: each case has its own fixed seed, so running it again rewrites the
same bytes (`--check` compares instead of writing). Python 3 standard library only.

Event time starts at 2026-11-22 10:00:00 UTC (T0). Helpers below make rows arrive
out of order by less than the case's WATERMARK_DELAY (never late by accident) and
insert rows that are late on purpose (below max ROWTIME - delay at their arrival).
Which rows are late, malformed, etc. is decided by the oracle, not recorded here.
"""
import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
T0 = 1795341600000  # 2026-11-22 10:00:00.000 UTC
SEC, MIN, HOUR = 1000, 60000, 3600000


class Raw:
    """Text written into a JSON line as is (numbers with exact digits, broken JSON)."""

    def __init__(self, text):
        self.text = text


def ts(ms, style="iso_z"):
    import time
    sec, milli = divmod(ms, 1000)
    t = time.gmtime(sec)
    d = "%04d-%02d-%02d" % (t.tm_year, t.tm_mon, t.tm_mday)
    h = "%02d:%02d:%02d" % (t.tm_hour, t.tm_min, t.tm_sec)
    if style == "epoch":
        return ms
    if style == "iso_z":
        return "%sT%s.%03dZ" % (d, h, milli)
    if style == "iso":
        return "%sT%s.%03d" % (d, h, milli)
    if style == "space":
        return "%s %s.%03d" % (d, h, milli)
    if style == "iso_nofrac_z":
        assert milli == 0
        return "%sT%sZ" % (d, h)
    if style == "space_nofrac":
        assert milli == 0
        return "%s %s" % (d, h)
    if style == "frac1":
        assert milli % 100 == 0
        return "%s %s.%d" % (d, h, milli // 100)
    if style == "frac2_z":
        assert milli % 10 == 0
        return "%sT%s.%02dZ" % (d, h, milli // 10)
    raise ValueError(style)


def jline(obj):
    if isinstance(obj, Raw):
        return obj.text
    parts = []
    for k, v in obj.items():
        parts.append(json.dumps(k) + ": " + (v.text if isinstance(v, Raw) else json.dumps(v, ensure_ascii=False)))
    return "{" + ", ".join(parts) + "}"


def disorder(rows, rng, key, max_ms, frac):
    """Arrival order: a fraction of rows is delayed by up to max_ms (< the delay), so
    no row becomes late: a row arrives after another only if its arrival key is larger,
    and arrival keys exceed event times by at most max_ms."""
    keyed = []
    for i, r in enumerate(rows):
        d = rng.uniform(0, max_ms) if rng.random() < frac else 0
        keyed.append((key(r) + d, i, r))
    keyed.sort(key=lambda x: (x[0], x[1]))
    return [r for _, _, r in keyed]


def inject_late(rows, rng, key, n, delay_ms, make, min_pos=20):
    """Inserts n rows, each below (max ROWTIME so far - delay) at its position."""
    rows = list(rows)
    positions = sorted(rng.sample(range(min_pos, len(rows)), n))
    for p in reversed(positions):
        mx = max(key(r) for r in rows[:p] if key(r) is not None)
        t = mx - delay_ms - rng.randint(1, 4000)
        rows.insert(p, make(t))
    return rows


def price(rng, lo, hi, decimals=2):
    return round(rng.uniform(lo, hi), decimals)


def no_tie4(rng, lo, hi):
    """A value with 4 decimals whose rounding to 2 or 3 decimals is never a tie."""
    while True:
        x = rng.randint(int(lo * 10000), int(hi * 10000))
        if x % 10 != 0 and x % 100 != 50 and (x % 10) != 5:
            return x / 10000


# --------------------------------------------------------------------------- cases
# Each returns (filename, list of lines).

def tumble_step_basic(rng):
    syms = ["AAPL", "MSFT", "GOOG", "AMZN", "NVDA"]
    rows, t = [], T0 + 137
    while t < T0 + 5 * MIN:
        r = {"ts": ts(t), "sym": rng.choice(syms), "qty": rng.randint(-50, 200), "px": price(rng, 10, 500)}
        if rng.random() < 0.05:
            r["qty"] = None
        if rng.random() < 0.03:
            del r["px"]
        rows.append(r)
        t += rng.randint(50, 700)
    key = lambda r: None if "ts" not in r else _ms(r["ts"])
    rows = disorder(rows, rng, key, 2000, 0.15)
    rows = inject_late(rows, rng, key, 6, 3000,
                       lambda t: {"ts": ts(t), "sym": rng.choice(syms), "qty": 7, "px": 1.5})
    return "input.jsonl", [jline(r) for r in rows]


def _ms(s):
    sys.path.insert(0, HERE)
    sys.dont_write_bytecode = True
    from oracle import parse_ts_text
    return s if isinstance(s, int) else parse_ts_text(s)


def tumble_floor_second(rng):
    rows, t = [], T0 + 3
    while t < T0 + 60 * SEC:
        rows.append({"t": t, "v": price(rng, -100, 100, 3)})
        t += rng.randint(1, 80)
    rows = disorder(rows, rng, lambda r: r["t"], 800, 0.2)
    rows = inject_late(rows, rng, lambda r: r["t"], 8, 1000, lambda t: {"t": t, "v": 999.0})
    return "input.jsonl", [jline(r) for r in rows]


def tumble_floor_minute(rng):
    users = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "Alice", "BOB"]
    pages = ["/", "/search", "/cart", "/item/1", "/item/2", "/item/3", "/checkout"]
    devices = ["web", "ios", "android"]
    rows, t = [], T0 + 250
    while t < T0 + 12 * MIN:
        r = {"event_time": ts(t, "space"), "user": rng.choice(users), "page": rng.choice(pages),
             "device": rng.choice(devices), "amount": Raw("%d.%02d" % (rng.randint(0, 300), rng.randint(0, 99)))}
        if rng.random() < 0.08:
            r["device"] = None
        if rng.random() < 0.3:
            del r["amount"]
        rows.append(r)
        t += rng.randint(100, 1300)
    key = lambda r: _ms(r["event_time"])
    rows = disorder(rows, rng, key, 4000, 0.1)
    rows = inject_late(rows, rng, key, 4, 5000, lambda t: {"event_time": ts(t, "space"), "user": "late",
                                                          "page": "/late", "device": "web"})
    return "input.jsonl", [jline(r) for r in rows]


def tumble_floor_hour(rng):
    rows = []
    for i in range(360):
        for s in range(4):
            t = T0 + i * MIN + s * 7 * SEC + rng.randint(0, 5000)
            style = "epoch" if (i + s) % 3 == 0 else "iso"
            r = {"ts": ts(t, style), "sensor": "s%d" % (s + 1), "temp": price(rng, 15, 35, 2)}
            if rng.random() < 0.02:
                r["temp"] = None
            rows.append(r)
    rows.sort(key=lambda r: _ms(r["ts"]))
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 90 * SEC, 0.05)
    rows = inject_late(rows, rng, key, 5, 2 * MIN, lambda t: {"ts": t, "sensor": "s1", "temp": 99.0})
    return "input.jsonl", [jline(r) for r in rows]


def tumble_boundaries(rng):
    """Delay 0. Rows on exact window boundaries, 1 ms before them, ties, rows equal to
    the watermark (accepted) and 1 ms below it (late)."""
    rows, mx = [], None
    base = T0
    for w in range(40):
        s = base + w * 5000
        pts = [s, s + 1, s + 2500, s + 4999]
        for p in pts:
            k = rng.choice(["a", "b"])
            rows.append({"ts": ts(p), "k": k, "x": rng.randint(1, 100)})
            if rng.random() < 0.4:  # a tie: same ROWTIME, equal to the watermark: accepted
                rows.append({"ts": ts(p), "k": rng.choice(["a", "b"]), "x": rng.randint(1, 100)})
            if rng.random() < 0.15:  # 1 ms below the watermark: late
                rows.append({"ts": ts(p - 1), "k": "a", "x": 1000})
    return "input.jsonl", [jline(r) for r in rows]


def tumble_where_having(rng):
    methods = ["GET", "GET", "GET", "POST", "POST", "PUT", "DELETE"]
    paths = ["/api/items", "/api/cart", "/api/users", "/static/app.js", "/health", "/api/orders"]
    rows, t = [], T0 + 11
    while t < T0 + 8 * MIN:
        st = rng.choice([200] * 12 + [201, 204, 301, 400, 404, 404, 500, 502, 503])
        lat = rng.randint(5, 400) if rng.random() < 0.85 else rng.randint(400, 2000)
        rows.append({"ts": ts(t), "method": rng.choice(methods), "path": rng.choice(paths), "status": st,
                     "latency_ms": lat})
        t += rng.randint(50, 600)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 1500, 0.1)
    rows = inject_late(rows, rng, key, 3, 2000, lambda t: {"ts": ts(t), "method": "GET", "path": "/api/items",
                                                          "status": 500, "latency_ms": 1999})
    return "input.jsonl", [jline(r) for r in rows]


def tumble_stats(rng):
    devs = ["d1", "d1", "d1", "d2", "d2", "d3", "d3", "d4", "d5", "d6"]
    rows, t = [], T0 + 500
    while t < T0 + 5 * MIN:
        d = rng.choice(devs)
        v = round(rng.uniform(10, 100), 3)
        if rng.random() < 0.06 or d == "d6" and (t - T0) // 30000 % 2 == 0:
            v = None
        rows.append({"ts": ts(t), "dev": d, "reading": v})
        t += rng.randint(100, 1500)
    # d7: exactly one reading in a window (STDDEV_SAMP and VAR_SAMP are NULL)
    rows.append({"ts": ts(T0 + 95 * SEC), "dev": "d7", "reading": 42.5})
    rows.sort(key=lambda r: _ms(r["ts"]))
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 1500, 0.1)
    return "input.jsonl", [jline(r) for r in rows]


def tumble_first_last(rng):
    keys = ["k1", "k2", "k3"]
    tags = ["red", "green", "blue", "amber", "cyan", "plum"]
    rows, t, i = [], T0 + 40, 0
    while t < T0 + 3 * MIN:
        n = 2 if rng.random() < 0.2 else 1  # ties: same ROWTIME, distinct values
        for _ in range(n):
            i += 1
            v = i if rng.random() > 0.12 else None
            tag = rng.choice(tags) if rng.random() > 0.1 else None
            rows.append({"ts": ts(t), "k": rng.choice(keys), "v": v, "tag": tag})
        t += rng.randint(100, 1200)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 4000, 0.35)  # heavy disorder, delay 5 s
    return "input.jsonl", [jline(r) for r in rows]


def tumble_count_distinct(rng):
    regions = ["eu", "us", "ap"]
    users = ["alice", "Alice", "ALICE", "bob", "Bob", "carol", "dave", "eve", "mallory", "trent"]
    rows, t = [], T0 + 900
    while t < T0 + 6 * MIN:
        r = {"ts": ts(t), "region": rng.choice(regions), "user": rng.choice(users), "item": rng.randint(1, 12)}
        if rng.random() < 0.1:
            r["item"] = None
        if rng.random() < 0.05:
            r["user"] = None
        rows.append(r)
        t += rng.randint(100, 900)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 2500, 0.1)
    return "input.jsonl", [jline(r) for r in rows]


def tumble_minmax_types(rng):
    names = ["Zürich", "Ålesund", "Bergen", "Malmö", "Oslo", "Tromsø", "Ängelholm", "Aalborg",
             "Córdoba", "Łódź", "Kraków", "Århus", "Genève", "Zagreb", "İzmir"]
    rows, t = [], T0 + 70
    while t < T0 + 6 * MIN:
        seen = t - rng.randint(0, 3 * HOUR)
        r = {"ts": ts(t), "grp": rng.choice(["x", "y"]), "name": rng.choice(names),
             "score": Raw("%d.%d" % (rng.randint(-50, 150), rng.randint(0, 9))),
             "price": Raw("%d.%03d" % (rng.randint(0, 999), rng.randint(0, 999))),
             "seen": ts(seen, rng.choice(["space", "iso_z"]))}
        if rng.random() < 0.05:
            r["name"] = None
        rows.append(r)
        t += rng.randint(200, 1500)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 2000, 0.1)
    return "input.jsonl", [jline(r) for r in rows]


def hop_basic(rng):
    rows, t = [], T0
    while t < T0 + 6 * MIN:
        rows.append({"ts": ts(t), "k": rng.choice(["p", "q", "r"]), "x": price(rng, 0, 50, 2)})
        # often land exactly on a 10 s multiple
        t = t + 10 * SEC - t % (10 * SEC) if rng.random() < 0.1 else t + rng.randint(50, 800)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 1500, 0.1)
    rows = inject_late(rows, rng, key, 4, 2000, lambda t: {"ts": ts(t), "k": "p", "x": 0.5})
    return "input.jsonl", [jline(r) for r in rows]


def hop_where_keys(rng):
    methods = ["GET", "GET", "POST", "PUT"]
    rows, t = [], T0 + 321
    while t < T0 + 12 * MIN:
        st = rng.choice([200] * 8 + [404, 500, 503])
        rows.append({"request_time": t, "method": rng.choice(methods), "status": st,
                     "latency_ms": rng.randint(1, 999)})
        t += rng.randint(100, 1100)
    rows = disorder(rows, rng, lambda r: r["request_time"], 2000, 0.1)
    rows = inject_late(rows, rng, lambda r: r["request_time"], 3, 3000,
                       lambda t: {"request_time": t, "method": "GET", "status": 200, "latency_ms": 1})
    return "input.jsonl", [jline(r) for r in rows]


def session_basic(rng):
    users = ["u%02d" % i for i in range(12)]
    actions = ["view", "view", "view", "search", "cart", "buy"]
    rows = []
    for u in users:
        t = T0 + rng.randint(0, 60 * SEC)
        for _ in range(rng.randint(3, 6)):  # sessions
            for _ in range(rng.randint(1, 9)):
                a = rng.choice(actions)
                r = {"ts": ts(t), "user": u, "action": a}
                if a == "buy":
                    r["amount"] = Raw("%d.%02d" % (rng.randint(1, 400), rng.randint(0, 99)))
                rows.append(r)
                g = rng.choice([rng.randint(200, 25000), 29999, rng.randint(200, 29000)])
                t += g
            # between sessions: exactly the gap (a new session) or more
            t += rng.choice([30000 - g, rng.randint(31000, 5 * MIN)])
    rows.sort(key=lambda r: _ms(r["ts"]))
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 4000, 0.1)
    rows = inject_late(rows, rng, key, 3, 5000, lambda t: {"ts": ts(t), "user": "u00", "action": "view"})
    return "input.jsonl", [jline(r) for r in rows]


def session_out_of_order(rng):
    """Rows that arrive late (within the 60 s delay) and bridge two sessions."""
    rows = []
    users = ["ann", "ben", "cid", "dot", None]
    for u in users:
        for dev in ["m", "d"]:
            t = T0 + rng.randint(0, 20 * SEC)
            for _ in range(rng.randint(6, 14)):
                block = []
                for _ in range(rng.randint(1, 4)):
                    block.append(t)
                    t += rng.randint(1000, 25000)
                t += rng.randint(35000, 55000)  # a gap >= 30 s
                for b in block:
                    rows.append({"ts": b, "user": u, "dev": dev, "n": rng.randint(1, 9), "arrive": b})
                if rng.random() < 0.5:
                    # a bridging row in the gap, arriving up to 50 s after later rows
                    mid = block[-1] + rng.randint(5000, 25000)
                    if t - mid < 30000:
                        rows.append({"ts": mid, "user": u, "dev": dev, "n": 100, "arrive": mid + 50000})
    rows.sort(key=lambda r: (r["arrive"], r["ts"]))
    out = []
    for r in rows:
        o = {"ts": ts(r["ts"], "iso_z"), "user": r["user"], "dev": r["dev"], "n": r["n"]}
        if o["user"] is None and rng.random() < 0.5:
            del o["user"]
        out.append(o)
    return "input.jsonl", [jline(r) for r in out]


def stagger_basic(rng):
    rows = []
    for k in ["alpha", "beta", "gamma", "delta"]:
        t = T0 + rng.randint(0, 30 * SEC)
        while t < T0 + 20 * MIN:
            rows.append({"ts": ts(t), "k": k, "v": rng.randint(-20, 80)})
            r = rng.random()
            t += 60 * SEC if r < 0.05 else (rng.randint(60 * SEC, 150 * SEC) if r < 0.15 else rng.randint(500, 20000))
    rows.sort(key=lambda r: _ms(r["ts"]))
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 4000, 0.1)
    rows = inject_late(rows, rng, key, 3, 5000, lambda t: {"ts": ts(t), "k": "alpha", "v": 1000})
    return "input.jsonl", [jline(r) for r in rows]


def stagger_floor_key(rng):
    syms = ["ABC", "DEF", "GHI", "JKL", "MNO"]
    rows, t = [], T0 + 123
    while t < T0 + 8 * MIN:
        rows.append({"event_time": ts(t), "ticker": rng.choice(syms), "price": price(rng, 20, 80, 2)})
        t += rng.randint(100, 1800)
    key = lambda r: _ms(r["event_time"])
    rows = disorder(rows, rng, key, 4000, 0.1)
    rows = inject_late(rows, rng, key, 3, 5000, lambda t: {"event_time": ts(t), "ticker": "ABC", "price": 1.0})
    return "input.jsonl", [jline(r) for r in rows]


def sliding_range_basic(rng):
    rows, t = [], T0 + 5
    while t < T0 + 4 * MIN:
        k = rng.choice(["a", "b", "c"])
        rows.append({"ts": ts(t), "k": k, "v": rng.randint(-10, 100), "d": price(rng, 0, 10, 3)})
        if rng.random() < 0.1:  # a tie
            rows.append({"ts": ts(t), "k": k, "v": rng.randint(-10, 100), "d": price(rng, 0, 10, 3)})
        if rng.random() < 0.1:  # exactly 10 s later: on the RANGE boundary
            rows.append({"ts": ts(t + 10 * SEC), "k": k, "v": rng.randint(-10, 100), "d": price(rng, 0, 10, 3)})
        t += rng.randint(100, 1500)
    rows.sort(key=lambda r: _ms(r["ts"]))
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 2000, 0.1)
    rows = inject_late(rows, rng, key, 4, 3000, lambda t: {"ts": ts(t), "k": "a", "v": 999, "d": 9.999})
    return "input.jsonl", [jline(r) for r in rows]


def sliding_rows(rng):
    venues = ["XNYS", "XNAS", "BATS", '"Dark Pool, Inc."', '"The ""X"" Venue"', '""', ""]
    lines = ["trade_id,trade_time,sym,side,qty,price,venue"]
    t, tid = T0 + 30, 500000
    recs = []
    while t < T0 + 5 * MIN:
        tid += 1
        v = rng.choice(venues) if rng.random() < 0.3 else rng.choice(venues[:3])
        recs.append((t, "%d,%s,%s,%s,%d,%d.%02d,%s" % (
            tid, ts(t, "space"), rng.choice(["QRS", "TUV", "WXYZ"]), rng.choice(["BUY", "SELL"]),
            rng.randint(1, 50) * 10, rng.randint(20, 90), rng.randint(0, 99), v)))
        t += rng.randint(50, 600)
    recs = disorder(recs, rng, lambda r: r[0], 1500, 0.05)
    return "input.csv", lines + [r[1] for r in recs]


def sliding_named_window(rng):
    syms = ["NVX", "OILY", "FINX", "MDX"]
    rows, t = [], T0 + 77
    while t < T0 + 4 * MIN:
        r = {"event_time": ts(t), "sym": rng.choice(syms), "price": price(rng, 40, 60, 2),
             "change": price(rng, -1, 1, 2)}
        if rng.random() < 0.05:
            r["price"] = None
        rows.append(r)
        t += rng.randint(50, 700)
    key = lambda r: _ms(r["event_time"])
    rows = disorder(rows, rng, key, 4000, 0.1)
    rows = inject_late(rows, rng, key, 3, 5000, lambda t: {"event_time": ts(t), "sym": "NVX", "price": 1.0,
                                                          "change": 0.0})
    return "input.jsonl", [jline(r) for r in rows]


def sliding_no_partition(rng):
    rows, t = [], T0 + 999
    while t < T0 + 5 * MIN:
        rows.append({"ts": ts(t, "space"), "v": rng.randint(-30, 100), "d": price(rng, 1, 20, 3)})
        t += rng.randint(200, 1400)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 2000, 0.1)
    rows = inject_late(rows, rng, key, 3, 3000, lambda t: {"ts": ts(t, "space"), "v": 50, "d": 5.0})
    return "input.jsonl", [jline(r) for r in rows]


def project_filter(rng):
    hosts = ["web-1", "web-2", "web-10", "db-1", "cache"]
    levels = ["INFO", "INFO", "INFO", "WARN", "ERROR", "info", None]
    msgs = ["disk full", "request ok", "timeout talking to db", "Disk slow", "cache miss", None]
    rows, t = [], T0 + 1
    while t < T0 + 4 * MIN:
        r = {"ts": ts(t), "host": rng.choice(hosts), "level": rng.choice(levels), "msg": rng.choice(msgs),
             "code": rng.choice([200, 200, 200, 404, 499, 500, 501, 503, 504])}
        rows.append(r)
        if rng.random() < 0.1:
            rows.append(dict(r, code=500))  # a tie
        t += rng.randint(50, 600)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 2500, 0.2)
    rows = inject_late(rows, rng, key, 5, 3000, lambda t: {"ts": ts(t), "host": "web-1", "level": "ERROR",
                                                          "msg": "late", "code": 500})
    return "input.jsonl", [jline(r) for r in rows]


def project_functions(rng):
    names = ["  alice ", "Bob", "carla", " Dan", "EVA  ", "anna-maria", "x", None]
    cities = ["Zürich", "Malmö", "São Paulo", "Kraków", "Oslo", "Ålesund", "Reykjavík", None]
    codes = ["CH", "SE", "BR", "PL", "NO"]
    rows, t = [], T0 + 10
    for i in range(300):
        a = rng.randint(-999, 999)
        b = rng.choice([x for x in range(-30, 31) if x != 0])
        x = no_tie4(rng, -500, 500)
        rows.append({"ts": ts(t), "name": rng.choice(names), "city": rng.choice(cities), "code": rng.choice(codes),
                     "a": a if rng.random() > 0.05 else None, "b": b, "x": x, "y": price(rng, -500, 500, 1)})
        t += rng.randint(100, 900)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 1500, 0.1)
    return "input.jsonl", [jline(r) for r in rows]


def project_time_functions(rng):
    styles = ["iso_z", "iso", "space", "epoch", "iso_nofrac_z", "space_nofrac", "frac1", "frac2_z"]
    rows, t = [], T0 + 3 * SEC
    i = 0
    while t < T0 + 2 * HOUR:
        st = styles[i % len(styles)]
        tt = t
        if st in ("iso_nofrac_z", "space_nofrac"):
            tt = t - t % 1000
        elif st == "frac1":
            tt = t - t % 100
        elif st == "frac2_z":
            tt = t - t % 10
        sent = tt - rng.randint(0, 90 * SEC)
        r = {"ts": ts(tt, st), "sent": ts(sent, "space") if rng.random() > 0.1 else None, "id": i}
        rows.append(r)
        i += 1
        t = tt + rng.randint(1000, 60 * SEC)
    bad = [
        lambda t: {"ts": "2026-02-30 10:00:00", "sent": None, "id": 9001},  # no such day: rowtime
        lambda t: {"ts": "2026-11-22 10:61:00", "sent": None, "id": 9002},  # no such minute: rowtime
        lambda t: {"ts": "10:00:00", "sent": None, "id": 9003},             # no date: rowtime
        lambda t: {"ts": t, "sent": "not a time", "id": 9004},             # convert
        lambda t: {"ts": t, "sent": "2026-11-22", "id": 9005},             # fine: an ISO-8601 date is midnight
        lambda t: {"ts": t, "sent": "2026-11-22T25:00:00Z", "id": 9006},   # convert: hour 25
    ]
    # rows that name a ROWTIME take the one of the row before them (never late, and an
    # accepted one does not move the watermark ahead of the rest)
    for j, make in enumerate(bad):
        p = 30 + 20 * j
        rows.insert(p, make(rows[p - 1]["ts"]))
    return "input.jsonl", [jline(r) for r in rows]


def chain_project_then_tumble(rng):
    syms = ["abc ", " DEF", "ghi", "JKL", " mno "]
    sectors = {"abc ": "TECH", " DEF": "TECH", "ghi": "ENERGY", "JKL": "FIN", " mno ": "RETAIL"}
    rows, t = [], T0 + 444
    while t < T0 + 10 * MIN:
        s = rng.choice(syms)
        r = {"event_time": ts(t), "ticker_symbol": s, "sector": sectors[s], "price": no_tie4(rng, 10, 90),
             "change": price(rng, -2, 2, 2)}
        if rng.random() < 0.05:
            r["sector"] = None
        if rng.random() < 0.03:
            r["price"] = None
        rows.append(r)
        t += rng.randint(100, 900)
    key = lambda r: _ms(r["event_time"])
    rows = disorder(rows, rng, key, 4000, 0.1)
    rows = inject_late(rows, rng, key, 3, 5000, lambda t: {"event_time": ts(t), "ticker_symbol": "ghi",
                                                          "sector": "ENERGY", "price": 50.1234, "change": 0.1})
    return "input.jsonl", [jline(r) for r in rows]


def chain_tumble_then_tumble(rng):
    rows, t = [], T0 + 2
    while t < T0 + 6 * MIN:
        rows.append({"ts": ts(t), "k": rng.choice(["x", "y"]), "v": rng.randint(0, 9)})
        t += rng.randint(50, 1500)
        if rng.random() < 0.02:
            t += 25 * SEC  # leaves some 10 s windows empty
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 1500, 0.1)
    rows = inject_late(rows, rng, key, 3, 2000, lambda t: {"ts": ts(t), "k": "x", "v": 100})
    return "input.jsonl", [jline(r) for r in rows]


def fan_out(rng):
    rows, t = [], T0 + 31
    while t < T0 + 5 * MIN:
        v = price(rng, 0, 100, 2)
        rows.append({"ts": ts(t), "dev": rng.choice(["m1", "m2", "m3", "m4"]), "temp": v,
                     "ok": rng.random() > 0.1})
        t += rng.randint(50, 700)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 2000, 0.1)
    rows = inject_late(rows, rng, key, 4, 3000, lambda t: {"ts": ts(t), "dev": "m1", "temp": 99.99, "ok": True})
    return "input.jsonl", [jline(r) for r in rows]


def csv_header_tumble(rng):
    """Header, RFC 4180 quoting (commas, doubled quotes, a field spanning two lines),
    empty fields (NULL), a quoted empty field (the empty string), late rows after the
    multi-line record (their position is the line the record starts on)."""
    lines = ["ts,station,note,reading"]
    notes = ["ok", '"has, comma"', '"say ""hi"""', '""', "", "plain text"]
    recs, t = [], T0 + 100
    while t < T0 + 4 * MIN:
        note = rng.choice(notes)
        if rng.random() < 0.01:
            note = '"two\nlines"'
        reading = "" if rng.random() < 0.05 else "%d.%d" % (rng.randint(0, 99), rng.randint(0, 9))
        recs.append((t, "%s,%s,%s,%s" % (ts(t, "space"), rng.choice(["n1", "n2", "n3"]), note, reading)))
        t += rng.randint(100, 800)
    recs = disorder(recs, rng, lambda r: r[0], 1500, 0.1)
    recs = inject_late(recs, rng, lambda r: r[0], 4, 2000,
                       lambda t: (t, "%s,n1,late,1.0" % ts(t, "space")), min_pos=60)
    return "input.csv", lines + [r[1] for r in recs]


def csv_no_header(rng):
    recs, t = [], T0 + 7
    while t < T0 + 4 * MIN:
        recs.append((t, "%s;%s;%d;%d.%02d" % (ts(t, "space"), rng.choice(["k1", "k2", "k 3"]), rng.randint(0, 500),
                                              rng.randint(0, 9), rng.randint(0, 99))))
        t += rng.randint(100, 800)
    recs = disorder(recs, rng, lambda r: r[0], 1500, 0.1)
    recs = inject_late(recs, rng, lambda r: r[0], 4, 2000, lambda t: (t, "%s;k1;1;1.00" % ts(t, "space")))
    bad = [
        "{t1};k1;abc;1.0",         # convert: not an integer
        "{t1};k1;1.5;1.0",         # convert: not an integer literal (decision)
        "{t1};k1;12;x1",           # convert: not a number
        ";k1;1;1.0",               # rowtime: empty field is NULL
        "yesterday;k1;1;1.0",      # rowtime: not a timestamp
        '{t1};k"1;1;1.0',          # parse: a quote inside an unquoted field
        '{t1};"k1"x;1;1.0',        # parse: text after a closing quote
        '{t1};"k;1";7;2.50',       # fine: a quoted delimiter
        '{t1};"";3;0.25',          # fine: a quoted empty field is the empty string
        '{t1};;4;0.50',            # fine: an empty field is NULL
    ]
    # each bad record takes the event time of the record before it: never late, and
    # a good one does not push the watermark ahead of the rest
    for j, b in enumerate(bad):
        p = 100 + 7 * j
        recs.insert(p, (recs[p - 1][0], b.replace("{t1}", ts(recs[p - 1][0], "space"))))
    out = [r[1] for r in recs]
    return "input.csv", out


def errors_json(rng):
    rows, t = [], T0 + 500
    while t < T0 + 2 * MIN:
        rows.append({"ts": ts(t), "name": rng.choice(["pump", "valve", "fan"]), "qty": rng.randint(0, 50),
                     "price": price(rng, 1, 9, 2)})
        t += rng.randint(200, 900)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 2000, 0.1)
    rows = inject_late(rows, rng, key, 4, 3000, lambda t: {"ts": ts(t), "name": "fan", "qty": 1, "price": 1.0})
    bad = [
        lambda t1: Raw('{"ts": "%s", "name": "fan", "qty": 3, "price": 1.2' % t1),   # parse: cut off
        lambda t1: Raw('%s,fan,3,1.2' % t1),                                        # parse: not JSON
        lambda t1: Raw('["%s", "fan", 3, 1.2]' % t1),                               # parse: an array
        lambda t1: Raw('"just a string"'),                                          # parse: a string
        lambda t1: Raw('42'),                                                       # parse: a number
        lambda t1: Raw('{"ts": "%s", "name": "fan", "qty": 3, "price": NaN}' % t1),  # parse: NaN
        lambda t1: Raw('{"ts": "%s", "name": "fan", "qty": 3,}' % t1),               # parse: trailing comma
        lambda t1: Raw("{'ts': '%s', 'name': 'fan'}" % t1),                         # parse: single quotes
        lambda t1: {"ts": t1, "name": "fan", "qty": 3, "price": "abc"},             # convert: DOUBLE
        lambda t1: {"ts": t1, "name": "fan", "qty": Raw("1.5"), "price": 1.0},      # convert: not whole
        lambda t1: {"ts": t1, "name": "fan", "qty": 3000000000, "price": 1.0},      # convert: INTEGER range
        lambda t1: {"ts": t1, "name": {"x": 1}, "qty": 3, "price": 1.0},            # convert: object
        lambda t1: {"ts": t1, "name": ["a"], "qty": 3, "price": 1.0},               # convert: array
        lambda t1: {"ts": t1, "name": "fan", "qty": 3, "price": True},              # convert: boolean
        lambda t1: {"ts": t1, "name": "fan", "qty": "42", "price": "12.5"},         # fine: CAST of text
        lambda t1: {"ts": t1, "name": "fan", "qty": Raw("7.0"), "price": 2},        # fine: 7.0 is whole
        lambda t1: {"name": "fan", "qty": 3, "price": 1.0},                         # rowtime: missing
        lambda t1: {"ts": None, "name": "fan", "qty": 3, "price": 1.0},             # rowtime: null
        lambda t1: {"ts": "yesterday", "name": "fan", "qty": 3, "price": 1.0},      # rowtime: not a time
        lambda t1: {"ts": "2026-11-22 25:00:00", "name": "fan", "qty": 3, "price": 1.0},  # rowtime: hour 25
        lambda t1: {"ts": True, "name": "fan", "qty": 3, "price": 1.0},             # rowtime: a boolean
        lambda t1: {"TS": t1, "NAME": "Fan", "QTY": 1, "PRICE": 1.0},               # fine: keys of any case
    ]
    # each bad row takes the event time of the row before it (never late, and a good
    # one does not move the watermark ahead of the rows after it)
    for j, make in enumerate(bad):
        p = 40 + 3 * j
        prev = next(r for r in reversed(rows[:p]) if isinstance(r, dict) and "ts" in r and isinstance(r["ts"], str)
                    and r["ts"][:4] == "2026")
        rows.insert(p, make(prev["ts"]))
    return "input.jsonl", [jline(r) for r in rows]


def late_rows_watermark(rng):
    """Delay 10 s. Rows exactly at the watermark (accepted), 1 ms below (late), and bad
    rows with a far-future ROWTIME, which must not advance the watermark."""
    D = 10 * SEC
    rows, t, i = [], T0, 0
    mx = None
    far = ts(T0 + 10 * HOUR)
    while t < T0 + 4 * MIN:
        i += 1
        rows.append({"ts": ts(t), "id": i, "val": rng.randint(0, 99)})
        mx = t if mx is None else max(mx, t)
        r = rng.random()
        if r < 0.05:
            i += 1
            rows.append({"ts": ts(mx - D), "id": i, "val": 1})        # == watermark: accepted
        elif r < 0.10:
            i += 1
            rows.append({"ts": ts(mx - D - 1), "id": i, "val": 2})    # 1 ms below: late
        elif r < 0.13:
            rows.append({"ts": far, "id": "not a number", "val": 3})  # convert; no watermark move
        elif r < 0.15:
            rows.append(Raw('{"ts": "%s", "id": 1, "val": ' % far))   # parse; no watermark move
        elif r < 0.17:
            i += 1
            rows.append({"ts": ts(t - rng.randint(1, 9000)), "id": i, "val": 4})  # out of order, in time
        t += rng.randint(200, 1500)
    return "input.jsonl", [jline(r) for r in rows]


def div_by_zero_eval(rng):
    rows, t = [], T0 + 12
    while t < T0 + 3 * MIN:
        b = rng.choice([0, 0, 1, 2, 3, -3, 7, -1, 5])
        rows.append({"ts": ts(t), "a": rng.randint(-100, 100), "b": b, "x": price(rng, -10, 10, 2)})
        t += rng.randint(100, 900)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 1500, 0.1)
    return "input.jsonl", [jline(r) for r in rows]


def null_handling(rng):
    rows, t = [], T0 + 300
    while t < T0 + 5 * MIN:
        r = {"ts": ts(t)}
        kc = rng.random()
        if kc < 0.4:
            r["k"] = "a"
        elif kc < 0.7:
            r["k"] = "b"
        elif kc < 0.85:
            r["k"] = None
        # else: key missing, also NULL
        minute = (t - T0) // MIN
        if minute == 2 and r.get("k") == "b":
            r["x"], r["d"], r["s"] = None, None, None  # a group with only NULLs
        else:
            r["x"] = rng.randint(-40, 60) if rng.random() > 0.2 else None
            r["d"] = price(rng, -5, 5, 3) if rng.random() > 0.2 else None
            r["s"] = rng.choice(["p", "q", None])
        rows.append(r)
        t += rng.randint(200, 1500)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 2000, 0.1)
    return "input.jsonl", [jline(r) for r in rows]


def insert_column_list(rng):
    rows, t = [], T0 + 17
    while t < T0 + 3 * MIN:
        rows.append({"TS": ts(t), "Sensor_ID": rng.choice(["north-1", "south-22", "east-333", "a-very-long-id"]),
                     "temp_C": price(rng, -20, 40, 1), "Unit": "C"})
        t += rng.randint(100, 1200)
    key = lambda r: _ms(r["TS"])
    rows = disorder(rows, rng, key, 1500, 0.1)
    return "input.jsonl", [jline(r) for r in rows]


def convert_unused_column(rng):
    rows, t = [], T0 + 40
    while t < T0 + 2 * MIN:
        r = {"ts": ts(t), "id": len(rows) + 1, "used": rng.randint(0, 9), "unused_num": rng.randint(0, 9),
             "unused_ts": ts(t, "space")}
        x = rng.random()
        if x < 0.04:
            r["unused_num"] = "abc"          # convert, although the app never reads the column
        elif x < 0.07:
            r["unused_ts"] = "not a time"    # same
        rows.append(r)
        t += rng.randint(100, 900)
    return "input.jsonl", [jline(r) for r in rows]


def select_star_passthrough(rng):
    rows, t = [], T0 + 5
    styles = ["iso_z", "space", "epoch", "iso"]
    while t < T0 + 3 * MIN:
        r = {"ts": ts(t, rng.choice(styles)),
             "flag": rng.choice([True, False, "true", "FALSE", None]),
             "tiny": rng.randint(-128, 127), "small": rng.randint(-32768, 32767),
             "big": rng.randint(-2 ** 62, 2 ** 62),
             "r": Raw("%d.%d" % (rng.randint(-999, 999), rng.randint(0, 99))),
             "dec": Raw("%d.%s" % (rng.randint(-999, 999), rng.choice(["5", "25", "125", "1001", "9994", "0"]))),
             "s": rng.choice(["ab", "abcde", "abcdefgh", "", "xyz  ", None])}
        rows.append(r)
        t += rng.randint(100, 1500)
    key = lambda r: _ms(r["ts"])
    rows = disorder(rows, rng, key, 1500, 0.1)
    bad = [
        {"ts": ts(T0 + 60 * SEC), "flag": 1, "tiny": 1, "small": 1, "big": 1, "r": 1, "dec": 1, "s": "x"},
        {"ts": ts(T0 + 60 * SEC), "flag": True, "tiny": 128, "small": 1, "big": 1, "r": 1, "dec": 1, "s": "x"},
        {"ts": ts(T0 + 60 * SEC), "flag": True, "tiny": 1, "small": 40000, "big": 1, "r": 1, "dec": 1, "s": "x"},
        {"ts": ts(T0 + 60 * SEC), "flag": True, "tiny": 1, "small": 1, "big": 2 ** 63, "r": 1, "dec": 1, "s": "x"},
        {"ts": ts(T0 + 60 * SEC), "flag": "yes", "tiny": 1, "small": 1, "big": 1, "r": 1, "dec": 1, "s": "x"},
        {"ts": ts(T0 + 60 * SEC), "flag": True, "tiny": 1, "small": 1, "big": 1, "r": 1, "dec": 123456, "s": "x"},
    ]
    for j, b in enumerate(bad):
        rows.insert(30 + 5 * j, b)
    return "input.jsonl", [jline(r) for r in rows]


def int_sum_large(rng):
    rows, t = [], T0 + 600
    while t < T0 + 4 * MIN:
        rows.append({"ts": ts(t), "k": rng.choice(["a", "b"]),
                     "n": rng.randint(10 ** 16, 5 * 10 ** 16) * rng.choice([1, 1, 1, -1]) + rng.randint(0, 999)})
        t += rng.randint(300, 1500)
    return "input.jsonl", [jline(r) for r in rows]


GENERATORS = [
    tumble_step_basic, tumble_floor_second, tumble_floor_minute, tumble_floor_hour, tumble_boundaries,
    tumble_where_having, tumble_stats, tumble_first_last, tumble_count_distinct, tumble_minmax_types,
    hop_basic, hop_where_keys, session_basic, session_out_of_order, stagger_basic, stagger_floor_key,
    sliding_range_basic, sliding_rows, sliding_named_window, sliding_no_partition, project_filter,
    project_functions, project_time_functions, chain_project_then_tumble, chain_tumble_then_tumble, fan_out,
    csv_header_tumble, csv_no_header, errors_json, late_rows_watermark, div_by_zero_eval, null_handling,
    insert_column_list, convert_unused_column, select_star_passthrough, int_sum_large,
]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    bad = 0
    for g in GENERATORS:
        name = g.__name__
        if a.cases and name not in a.cases:
            continue
        rng = random.Random("streamsql-diff-" + name)
        fname, lines = g(rng)
        text = "\n".join(lines) + "\n"
        path = os.path.join(CASES, name, fname)
        if a.check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    print("differs: %s" % path)
                    bad += 1
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print("%-28s %5d lines  %s" % (name, len(lines), fname))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
