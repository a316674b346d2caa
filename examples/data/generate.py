#!/usr/bin/env python3
"""Generates the data files that the examples/ and queries/ applications read.

Deterministic: every file comes from its own fixed-seed random.Random, so running
this script again rewrites byte-identical files. Python 3 standard library only.

    python3 examples/data/generate.py          # writes next to this script
    python3 examples/data/generate.py --check  # regenerates in memory, compares

Event time starts at 2026-11-22 10:00:00 UTC in every file. Rows are written in
event-time order except for a few deliberately out-of-order rows, which are always
less than the WATERMARK_DELAY the applications declare behind the newest row before
them, so a correct run sees no late rows in these files. The one exception is
ticker_dirty.jsonl, which exists to feed the error stream.
"""
import csv
import io
import json
import math
import os
import random
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = datetime(2026, 11, 22, 10, 0, 0, tzinfo=timezone.utc)
BASE_MS = int(BASE.timestamp() * 1000)


def iso_ms(ms):
    """2026-11-22T10:00:01.123Z"""
    dt = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)


def space_ms(ms):
    """2026-11-22 10:00:01.123 (the other string form SPEC section 4 accepts)"""
    dt = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return dt.strftime("%Y-%m-%d %H:%M:%S") + ".%03d" % (ms % 1000)


def jsonl(rows):
    return "".join(json.dumps(r, separators=(", ", ": ")) + "\n" for r in rows)


def delay_some(rows, rng, ts_of, count, min_lag, max_lag, protect=()):
    """Moves `count` rows later in the file, behind the rows of the next
    min_lag..max_lag milliseconds of event time: they arrive out of order, but never
    more than max_lag behind the newest row before them."""
    n = len(rows)
    ts = [ts_of(r) for r in rows]
    order = [float(i) for i in range(n)]
    picked = set()
    while len(picked) < count:
        i = rng.randrange(10, n - 50)
        if i in picked or i in protect or any(abs(i - j) <= 60 for j in picked):
            continue
        lag = rng.randint(min_lag, max_lag)
        j = i
        while j + 1 < n and ts[j + 1] < ts[i] + lag:
            j += 1
        if j == i:
            continue
        picked.add(i)
        order[i] = j + 0.5
    idx = sorted(range(n), key=lambda k: order[k])
    return [rows[k] for k in idx]


def max_lag_ms(rows, ts_of):
    """The largest amount by which a row's event time is behind the newest before it."""
    newest, lag = None, 0
    for r in rows:
        t = ts_of(r)
        if newest is not None and t < newest:
            lag = max(lag, newest - t)
        newest = t if newest is None else max(newest, t)
    return lag


def parse_iso(s):
    return int(datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp() * 1000 + 0.5)


def parse_space(s):
    return int(datetime.strptime(s, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=timezone.utc).timestamp() * 1000 + 0.5)


# --------------------------------------------------------------------------------
# ticker.jsonl: the KDA stock-ticker demo stream, with an event-time column.
# 3,000 rows, one every ~200 ms over 10 minutes, 11 symbols in 5 sectors.
# Four one-tick price spikes (for the anomaly apps), ~1% rows without "sector".

TICKERS = [
    ("ABCD", "TECHNOLOGY", 120.00), ("QRS", "TECHNOLOGY", 48.50), ("NVX", "TECHNOLOGY", 310.00),
    ("HLTH", "HEALTHCARE", 72.00), ("MDX", "HEALTHCARE", 19.80),
    ("OILY", "ENERGY", 55.00), ("SOLR", "ENERGY", 12.40),
    ("BNKR", "FINANCIAL", 88.00), ("FINX", "FINANCIAL", 140.00),
    ("SHOP", "RETAIL", 64.00), ("GRCR", "RETAIL", 23.00),
]
# row index -> (symbol, factor): one tick far off the symbol's recent prices
SPIKES = {640: ("NVX", 1.15), 1290: ("OILY", 0.86), 2015: ("FINX", 1.14), 2580: ("MDX", 0.85)}


def gen_ticker():
    rng = random.Random(20261122)
    price = {s: p for s, _, p in TICKERS}   # the random walk
    last = {s: p for s, _, p in TICKERS}    # last price written, for CHANGE
    sector = {s: sec for s, sec, _ in TICKERS}
    weights = [3, 2, 3, 2, 1, 2, 1, 2, 2, 2, 1]
    rows = []
    for i in range(3000):
        ms = BASE_MS + i * 200 + rng.randint(0, 180)
        if i in SPIKES:
            sym, factor = SPIKES[i]
            p = round(price[sym] * factor, 2)          # the walk itself is not moved
        else:
            sym = rng.choices([t[0] for t in TICKERS], weights)[0]
            price[sym] = max(1.0, price[sym] * (1 + rng.gauss(0, 0.003)))
            p = round(price[sym], 2)
        row = {"event_time": iso_ms(ms), "ticker_symbol": sym, "sector": sector[sym],
               "change": round(p - last[sym], 2), "price": p}
        last[sym] = p
        if rng.random() < 0.01 and i not in SPIKES:
            del row["sector"]
        rows.append(row)
    rows = delay_some(rows, rng, lambda r: parse_iso(r["event_time"]), 14, 800, 3500, protect=set(SPIKES))
    assert max_lag_ms(rows, lambda r: parse_iso(r["event_time"])) < 4000
    return jsonl(rows)


# --------------------------------------------------------------------------------
# ticker_dirty.jsonl: the error-stream demo. Mostly good ticker rows, plus one of
# each kind of bad record. Read with WATERMARK_DELAY = INTERVAL '5' SECOND.

def gen_ticker_dirty():
    t = lambda s: "2026-11-22T10:00:%02d.000Z" % s if s < 60 else "2026-11-22T10:01:%02d.000Z" % (s - 60)
    good = lambda s, sym, sec, ch, p: json.dumps(
        {"event_time": t(s), "ticker_symbol": sym, "sector": sec, "change": ch, "price": p},
        separators=(", ", ": "))
    lines = [
        good(1, "ABCD", "TECHNOLOGY", 0.12, 120.12),
        good(2, "QRS", "TECHNOLOGY", -0.05, 48.45),
        good(4, "OILY", "ENERGY", 0.31, 55.31),
        # parse: the record is cut off
        '{"event_time": "2026-11-22T10:00:05.000Z", "ticker_symbol": "ABCD", "sector": "TECHNOLOGY", "change": 0.2',
        good(6, "HLTH", "HEALTHCARE", 0.40, 72.40),
        # parse: not JSON at all
        "ABCD,TECHNOLOGY,0.25,120.37",
        good(8, "ABCD", "TECHNOLOGY", 0.08, 120.20),
        # convert: a string where REAL is expected
        '{"event_time": "2026-11-22T10:00:09.000Z", "ticker_symbol": "QRS", "sector": "TECHNOLOGY", "change": 0.10, "price": "forty-eight"}',
        good(10, "OILY", "ENERGY", -0.11, 55.20),
        # rowtime: the event-time column is missing
        '{"ticker_symbol": "HLTH", "sector": "HEALTHCARE", "change": 0.05, "price": 72.45}',
        good(12, "SHOP", "RETAIL", 0.22, 64.22),
        # rowtime: the event-time column is not a timestamp
        '{"event_time": "yesterday at noon", "ticker_symbol": "SHOP", "sector": "RETAIL", "change": 0.01, "price": 64.23}',
        good(14, "ABCD", "TECHNOLOGY", -0.30, 119.90),
        # parse: valid JSON, but not an object
        '["2026-11-22T10:00:15.000Z", "QRS", "TECHNOLOGY", 0.02, 48.47]',
        good(20, "QRS", "TECHNOLOGY", 0.03, 48.50),
        good(25, "OILY", "ENERGY", 0.09, 55.29),
        # late: 15 s behind the newest row (10:00:25); the watermark is 10:00:20
        good(10, "HLTH", "HEALTHCARE", 0.02, 72.47),
        # not an error: a 7-character symbol is cut to VARCHAR(4) "TOOL" (counted in the summary)
        good(27, "TOOLONG", "TECHNOLOGY", 0.50, 10.50),
        # not an error: a NULL price and a missing sector are just NULLs
        '{"event_time": "2026-11-22T10:00:30.000Z", "ticker_symbol": "ABCD", "change": null, "price": null}',
        # not an error: event time as epoch milliseconds (a JSON number)
        '{"event_time": %d, "ticker_symbol": "SHOP", "sector": "RETAIL", "change": 0.05, "price": 64.28}' % (BASE_MS + 35000),
        # convert: an object where REAL is expected
        '{"event_time": "2026-11-22T10:00:40.000Z", "ticker_symbol": "QRS", "sector": "TECHNOLOGY", "change": 0.13, "price": {"bid": 48.58, "ask": 48.62}}',
        good(50, "ABCD", "TECHNOLOGY", 0.14, 120.04),
        good(65, "ABCD", "TECHNOLOGY", 0.21, 120.25),
        good(70, "OILY", "ENERGY", -0.04, 55.25),
    ]
    return "".join(l + "\n" for l in lines)


# --------------------------------------------------------------------------------
# trades.csv: individual trades, CSV with a header row. 2,000 rows over 10 minutes,
# strictly in time order. trade_time in the "yyyy-mm-dd hh:mm:ss.sss" form; venue is
# empty (NULL) for ~5% of rows and sometimes needs RFC 4180 quoting.

def gen_trades():
    rng = random.Random(7001)
    syms = [("ABCD", 120.0), ("NVX", 310.0), ("OILY", 55.0), ("BNKR", 88.0), ("SHOP", 64.0), ("QRS", 48.5)]
    price = dict(syms)
    venues = ["XNYS", "XNAS", "ARCA", "BATS", "Dark Pool, Inc."]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["trade_id", "trade_time", "ticker_symbol", "side", "quantity", "price", "venue"])
    for i in range(2000):
        ms = BASE_MS + i * 300 + rng.randint(0, 250)
        sym = rng.choice(syms)[0]
        price[sym] = max(1.0, price[sym] * (1 + rng.gauss(0, 0.002)))
        qty = rng.choice([rng.randint(1, 99), rng.randint(1, 50) * 10, rng.randint(1, 10) * 100])
        venue = "" if rng.random() < 0.05 else rng.choices(venues, [4, 4, 2, 2, 1])[0]
        w.writerow([100001 + i, space_ms(ms), sym, rng.choice(["BUY", "SELL"]), qty,
                    "%.2f" % price[sym], venue])
    return out.getvalue()


# --------------------------------------------------------------------------------
# weblog.jsonl: HTTP access log, request_time as epoch milliseconds (JSON numbers).
# 2,400 requests over 10 minutes; two bursts of 5xx errors (10:03 and 10:07:20-10:08:10).

def gen_weblog():
    rng = random.Random(443)
    ips = ["10.0.%d.%d" % (rng.randint(0, 9), rng.randint(2, 250)) for _ in range(60)] + \
          ["203.0.113.%d" % rng.randint(1, 254) for _ in range(20)]
    agents = [
        "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 15) Chrome/131.0 Mobile",
        "  curl/8.5.0  ",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "UptimeRobot/2.0",
    ]
    routes = [
        ("GET", "/", 8), ("GET", "/login", 3), ("POST", "/login", 3),
        ("GET", "/static/app.js", 8), ("GET", "/static/style.css", 6),
        ("GET", "/api/products/{id}", 20), ("GET", "/api/products?category={cat}", 10),
        ("GET", "/api/orders/{id}", 8), ("POST", "/api/orders", 6), ("PUT", "/api/cart", 5),
        ("DELETE", "/api/cart/{id}", 2), ("GET", "/health", 4),
    ]
    cats = ["books", "garden", "toys", "kitchen"]
    rows = []
    for i in range(2400):
        ms = BASE_MS + i * 250 + rng.randint(0, 240)
        method, path, _ = rng.choices(routes, [r[2] for r in routes])[0]
        path = path.replace("{id}", str(rng.randint(1, 9999))).replace("{cat}", rng.choice(cats))
        off = ms - BASE_MS
        burst = 180000 <= off < 240000 or 440000 <= off < 490000
        r = rng.random()
        if burst and path.startswith("/api/") and r < 0.40:
            status = rng.choice([500, 502, 503, 503])
        elif r < 0.015:
            status = 500
        elif r < 0.07:
            status = rng.choice([404, 404, 401, 429])
        elif path.startswith("/static/") and r < 0.25:
            status = 304
        else:
            status = 201 if method == "POST" and path == "/api/orders" else 200
        latency = int(rng.lognormvariate(3.3, 0.5)) + (rng.randint(200, 1500) if status >= 500 else 0)
        size = 0 if status in (304, 204) else (rng.randint(200, 900) if status >= 400 else rng.randint(500, 60000))
        row = {"request_time": ms, "client_ip": rng.choice(ips), "method": method, "path": path,
               "status": status, "bytes_sent": size, "latency_ms": latency}
        if rng.random() > 0.04:
            row["user_agent"] = rng.choice(agents)
        if rng.random() < 0.6:
            row["referrer"] = rng.choice(["https://example.com/", "https://search.example.org/?q=toys",
                                          "https://shop.example.com/cart"])
        else:
            row["referrer"] = None
        if rng.random() > 0.1:
            row["country"] = rng.choice(["US", "US", "DE", "JP", "BR", "IN", "GB"])
        rows.append(row)
    rows = delay_some(rows, rng, lambda r: r["request_time"], 10, 600, 2000)
    assert max_lag_ms(rows, lambda r: r["request_time"]) < 2500
    return jsonl(rows)


# --------------------------------------------------------------------------------
# iot_sensors.jsonl: 12 sensors at 3 sites, a reading every 5 s each for 10 minutes
# (1,440 rows). event_time in the "yyyy-mm-dd hh:mm:ss.sss" form; reported_at is the
# device's own clock as "dd/MM/yyyy HH:mm:ss" (skewed by up to 3 s); nested
# "location" object; temperature null on ~1%; sensor-07 overheats from 10:05 on.
# Readings reach the gateway up to ~4 s out of order (WATERMARK_DELAY 5 s).

def gen_iot():
    rng = random.Random(1212)
    sites = ["plant-a", "plant-a", "plant-a", "plant-a", "plant-b", "plant-b", "plant-b", "plant-b",
             "warehouse", "warehouse", "warehouse", "warehouse"]
    devices = []
    for d in range(12):
        devices.append({
            "id": "sensor-%02d" % (d + 1), "site": sites[d],
            "base": rng.uniform(18.0, 24.0), "hum": rng.uniform(35.0, 55.0),
            "batt": rng.uniform(3.75, 4.15), "skew": rng.randint(-3000, 3000),
            "building": {"plant-a": "A1", "plant-b": "B2", "warehouse": "W1"}[sites[d]],
            "floor": d % 3,
        })
    rows = []
    for k in range(120):
        for d, dev in enumerate(devices):
            ms = BASE_MS + k * 5000 + d * 400 + rng.randint(0, 150)
            minutes = (ms - BASE_MS) / 60000.0
            temp = dev["base"] + 1.5 * math.sin(minutes / 3.0 + d) + rng.gauss(0, 0.2)
            if dev["id"] == "sensor-07" and minutes >= 5:
                temp += 3.0 * (minutes - 5)
            row = {
                "device_id": dev["id"], "site": dev["site"], "event_time": space_ms(ms),
                "reported_at": datetime.fromtimestamp((ms + dev["skew"]) // 1000, tz=timezone.utc).strftime("%d/%m/%Y %H:%M:%S"),
                "temperature": None if rng.random() < 0.01 else round(temp, 2),
                "humidity": round(dev["hum"] + rng.gauss(0, 1.0), 1),
                "battery_v": round(dev["batt"] - 0.0004 * k + rng.gauss(0, 0.003), 3),
                "vib_x": round(rng.gauss(0, 0.05), 4), "vib_y": round(rng.gauss(0, 0.05), 4),
                "location": {"building": dev["building"], "floor": dev["floor"]},
            }
            if dev["site"] == "warehouse":
                row["door_open"] = rng.random() < 0.1
            rows.append(row)
    rows = delay_some(rows, rng, lambda r: parse_space(r["event_time"]), 12, 800, 4000)
    assert max_lag_ms(rows, lambda r: parse_space(r["event_time"])) < 4500
    return jsonl(rows)


# --------------------------------------------------------------------------------
# clickstream.jsonl: 60 users browsing a shop over 40 minutes. Each user has 1-3
# sessions of 3-25 events, events at most 50 s apart inside a session and at least
# 3 minutes apart between sessions (so SESSION(..., INTERVAL '2' MINUTE) finds exactly
# these sessions). amount only on purchases. Out of order by less than 3 s.

def gen_clickstream():
    rng = random.Random(31337)
    rows = []
    for u in range(60):
        user = "u%04d" % (1000 + u * 7)
        device = rng.choice(["mobile", "mobile", "desktop", "tablet"])
        t = BASE_MS + rng.randint(0, 600000)
        for _ in range(rng.randint(1, 3)):
            n = rng.randint(3, 25)
            cart = 0
            for e in range(n):
                if e == 0:
                    et = "page_view"
                else:
                    et = rng.choices(["page_view", "search", "add_to_cart", "checkout", "purchase"],
                                     [55, 15, 15, 8, 7])[0]
                    if et in ("checkout", "purchase") and cart == 0:
                        et = "page_view"
                page = {"page_view": "/product/%d" % rng.randint(1, 400),
                        "search": "/search?q=" + rng.choice(["lamp", "chair", "mug", "desk", "rug"]),
                        "add_to_cart": "/cart", "checkout": "/checkout",
                        "purchase": "/confirmation"}[et]
                if e == 0 and rng.random() < 0.3:
                    page = "/"
                row = {"event_time": iso_ms(t), "user_id": user, "event_type": et,
                       "page": page, "device": device}
                if et == "add_to_cart":
                    cart += 1
                if et == "purchase":
                    row["amount"] = round(rng.uniform(9.99, 249.0), 2)
                    cart = 0
                rows.append((t, row))
                t += rng.randint(2000, 50000)
            t += rng.randint(180000, 480000)
    rows.sort(key=lambda x: x[0])
    rows = [r for _, r in rows]
    rows = delay_some(rows, rng, lambda r: parse_iso(r["event_time"]), 8, 500, 2500)
    assert max_lag_ms(rows, lambda r: parse_iso(r["event_time"])) < 3000
    return jsonl(rows)


FILES = {
    "ticker.jsonl": gen_ticker,
    "ticker_dirty.jsonl": gen_ticker_dirty,
    "trades.csv": gen_trades,
    "weblog.jsonl": gen_weblog,
    "iot_sensors.jsonl": gen_iot,
    "clickstream.jsonl": gen_clickstream,
}


def main(argv):
    check = "--check" in argv
    bad = 0
    for name, fn in FILES.items():
        text = fn()
        path = os.path.join(HERE, name)
        if check:
            with open(path, encoding="utf-8") as f:
                same = f.read() == text
            print("%-20s %s" % (name, "ok" if same else "DIFFERS"))
            bad += not same
        else:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            print("%-20s %6d lines %8d bytes" % (name, text.count("\n"), len(text.encode())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
