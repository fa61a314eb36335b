#!/usr/bin/env python3
"""Keyplane benchmark results: one JSON object per measurement, and the report run.sh prints.

  report.py RESULTS.jsonl [--compare OLD.jsonl]     the medians over the rounds (and an earlier file's beside them)
  report.py --parse-wrk WRK_OUTPUT KEY ROUND [POOL_BEFORE POOL_AFTER]
                                                     one wrk measurement as a JSON line, with the connection pool's
                                                     mean hold and wait times from two /q/metrics snapshots (used by run.sh)
  report.py --cold COLD_JSON ROUND                   one cold-verification measurement as a JSON line (used by run.sh)

A scenario's ratio is its req/s over the req/s of the ping measured just before it in the same round, so a
machine that slows down between rounds moves both; the report takes the median of the per-round ratios.
"""
import json
import re
import statistics
import sys

SCENARIOS = [
    ("verify", "2. POST /v1/keys/verify (cached keys)"),
    ("check", "3. GET /v1/auth/check"),
    ("get", "4. GET /v1/organization/projects/{id}"),
    ("list", "5. GET /v1/organization/projects?limit=20"),
    ("list_after", "5b. the same, second page (after=)"),
    ("create", "6. POST /v1/organization/projects"),
    ("good_under_flood", "8. verify good keys during a flood (8 conns)"),
    ("flood", "   the flood of wrong secrets (64 conns)"),
    ("ping_during_cold", "   GET /v1/ping during 7. (1 connection)"),
]


def pool_figures(before_path, after_path):
    """Mean time a request held a pooled connection and waited for one, over a measurement (from /q/metrics)."""
    def read(path):
        values = {}
        try:
            for line in open(path):
                name, value = line.split("{")[0], float(line.rsplit(" ", 1)[1])
                values[name] = values.get(name, 0.0) + value
        except (OSError, ValueError, IndexError):
            return None
        return values or None
    before, after = read(before_path), read(after_path)
    if not before or not after:
        return {}
    def mean_ms(metric):
        count = after.get(metric + "_count", 0) - before.get(metric + "_count", 0)
        total = after.get(metric + "_sum", 0) - before.get(metric + "_sum", 0)
        return round(total / count * 1000, 3) if count > 0 else None
    return {"pool_hold_ms": mean_ms("sql_pool_usage_seconds"), "pool_wait_ms": mean_ms("sql_pool_queue_delay_seconds")}


def parse_wrk(path, key, round_, pool_before=None, pool_after=None):
    text = open(path).read()

    def latency(label):
        m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if not m:
            return None
        v = float(m.group(1))
        return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v

    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    row = {"scenario": key, "round": int(round_), "rps": float(rps.group(1)) if rps else 0.0,
           "p50": latency("50%"), "p99": latency("99%"), "non2xx": int(errors.group(1)) if errors else 0}
    if pool_before:
        row.update(pool_figures(pool_before, pool_after))
    print(json.dumps(row))


def load(path):
    meta, rows, rss = {}, [], None
    for line in open(path):
        if not line.strip():
            continue
        obj = json.loads(line)
        if "meta" in obj:
            meta = obj["meta"]
        elif "rss_mib" in obj:
            rss = obj["rss_mib"]
        else:
            rows.append(obj)
    return meta, rows, rss


def summarize(rows):
    """Per scenario: medians (and ranges) of req/s, latencies and the ratio to the ping next to it."""
    by_round = {}
    for r in rows:
        by_round.setdefault(r["round"], {})[r["scenario"]] = r
    out = {}
    keys = [k for k, _ in SCENARIOS] + ["ping", "cold"]
    for key in keys:
        samples = []
        for rnd, found in sorted(by_round.items()):
            pings = [v["rps"] for k, v in found.items() if k.startswith("ping_before_")]
            if key == "ping":
                samples += [dict(v, ratio=1.0) for k, v in found.items() if k.startswith("ping_before_")]
                continue
            if key not in found:
                continue
            r = dict(found[key])
            before = found.get("ping_before_" + key)
            base = before["rps"] if before else (statistics.median(pings) if pings else None)
            r["ratio"] = r["rps"] / base if base and key != "cold" else None
            samples.append(r)
        if samples:
            out[key] = samples
    return out


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def spread(values):
    values = [v for v in values if v is not None]
    return (min(values), max(values)) if values else (None, None)


def fmt(v, digits=2):
    return "-" if v is None else f"{v:.{digits}f}"


def pct(v):
    return "-" if v is None else f"{v * 100:.0f} %"


def report(path, compare=None):
    meta, rows, rss = load(path)
    now = summarize(rows)
    old = summarize(load(compare)[1]) if compare else {}
    rounds = len({r["round"] for r in rows})
    print(f"\nKeyplane benchmark: {meta.get('keys')} keys seeded, wrk -t2 -c{meta.get('connections')} "
          f"{meta.get('duration')} per measurement on loopback, {rounds} rounds, commit {meta.get('commit')}; medians over the rounds\n")
    head = "| scenario | req/s | p50 ms | p99 ms | vs ping (median) | vs ping (range) | non-2xx | pool hold / wait ms |"
    line = "|---|---:|---:|---:|---:|---:|---:|---:|"
    if compare:
        head += " before: vs ping | change |"
        line += "---:|---:|"
    print(head)
    print(line)
    labels = [("ping", "1. GET /v1/ping (no auth, no I/O)")] + SCENARIOS
    for key, label in labels:
        samples = now.get(key)
        if not samples:
            continue
        ratio = med([s["ratio"] for s in samples])
        lo, hi = spread([s["ratio"] for s in samples])
        cells = [label, fmt(med([s["rps"] for s in samples]), 0), fmt(med([s["p50"] for s in samples])),
                 fmt(med([s["p99"] for s in samples])), pct(ratio),
                 "-" if lo is None else f"{lo * 100:.0f}–{hi * 100:.0f} %", str(sum(s["non2xx"] for s in samples))]
        hold, wait = med([s.get("pool_hold_ms") for s in samples]), med([s.get("pool_wait_ms") for s in samples])
        cells.append("-" if hold is None else f"{hold:.2f} / {wait:.2f}")
        if compare:
            before = med([s["ratio"] for s in old.get(key, [])])
            cells += [pct(before), "-" if before in (None, 0) or ratio is None else f"{ratio / before:.2f}×"]
        print("| " + " | ".join(cells) + " |")
    cold = now.get("cold")
    if cold:
        cells = [f"7. cold verification, {cold[0]['keys']} never-seen keys a round (16 workers)",
                 f"{med([c['per_second'] for c in cold]):.1f} keys/s", fmt(med([c['p50_ms'] for c in cold]), 1),
                 fmt(med([c['p99_ms'] for c in cold]), 1), "", "", str({k: v for c in cold for k, v in c["codes"].items()}), ""]
        if compare and old.get("cold"):
            before = med([c["per_second"] for c in old["cold"]])
            cells += [f"{before:.1f} keys/s", f"{med([c['per_second'] for c in cold]) / before:.2f}×"]
        elif compare:
            cells += ["", ""]
        print("| " + " | ".join(cells) + " |")
    if rss:
        print(f"\nprocess RSS after the run: {rss} MiB")


def main(argv):
    if len(argv) > 1 and argv[1] == "--parse-wrk":
        parse_wrk(argv[2], argv[3], argv[4], *argv[5:7])
    elif len(argv) > 1 and argv[1] == "--cold":
        cold = json.load(open(argv[2]))
        print(json.dumps(dict(cold, scenario="cold", round=int(argv[3]), rps=cold["per_second"], p50=cold["p50_ms"],
                              p99=cold["p99_ms"], non2xx=sum(v for k, v in cold["codes"].items() if k != "VALID"))))
    elif len(argv) in (2, 4) and (len(argv) == 2 or argv[2] == "--compare"):
        report(argv[1], argv[3] if len(argv) == 4 else None)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
