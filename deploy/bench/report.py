#!/usr/bin/env python3
"""Keyplane benchmark results: one JSON object per measurement, and the report run.sh prints.

  report.py RESULTS.jsonl [--compare OLD.jsonl]     the medians over the rounds (and an earlier file's beside them)
  report.py --parse-wrk WRK_OUTPUT KEY ROUND BUILD [POOL_BEFORE POOL_AFTER]
                                                     one wrk measurement as a JSON line, with the connection pool's
                                                     mean hold and wait times from two /q/metrics snapshots (used by run.sh)
  report.py --cold COLD_JSON ROUND BUILD             one cold-verification measurement as a JSON line (used by run.sh)

A scenario's ratios are its req/s over the req/s of the ping and of the floor (deploy/bench/floor) measured just
before it in the same round, so a machine that slows down between rounds moves both; the report takes the median
of the per-round ratios. With a baseline build ("base") in the same rounds, "this / baseline" is the per-round
ratio between the two builds' req/s for the same scenario. Footprint facts (start times, RSS, heap after a full
GC, the Argon2 capacity) are lines of their own: {"footprint": NAME, "build": BUILD, "value": V, "unit": U}.
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
    ("audit", "9. GET /v1/organization/audit_logs?limit=20, filtered by type"),
    ("export", "10. GET /v1/organization/audit_logs/export (the organization's rows)"),
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


def parse_wrk(path, key, round_, build, pool_before=None, pool_after=None):
    text = open(path).read()

    def latency(label):
        m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if not m:
            return None
        v = float(m.group(1))
        return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v

    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    row = {"scenario": key, "round": int(round_), "build": build, "rps": float(rps.group(1)) if rps else 0.0,
           "p50": latency("50%"), "p99": latency("99%"), "non2xx": int(errors.group(1)) if errors else 0}
    if pool_before:
        row.update(pool_figures(pool_before, pool_after))
    print(json.dumps(row))


def load(path):
    meta, rows, facts = {}, [], []
    for line in open(path):
        if not line.strip():
            continue
        obj = json.loads(line)
        if "meta" in obj:
            meta = obj["meta"]
        elif "rss_mib" in obj:   # files before the footprint facts
            facts.append({"footprint": "rss_after", "build": "new", "value": obj["rss_mib"], "unit": "MiB"})
        elif "footprint" in obj:
            facts.append(obj)
        else:
            obj.setdefault("build", "new")
            rows.append(obj)
    return meta, rows, facts


def summarize(rows, build):
    """Per scenario of one build: samples with their ratio to the ping and to the floor measured next to them."""
    by_round = {}
    for r in rows:
        if r["build"] in (build, "floor"):
            by_round.setdefault(r["round"], {})[(r["build"], r["scenario"])] = r
    out = {}
    for key in [k for k, _ in SCENARIOS] + ["ping", "cold"]:
        samples = []
        for rnd, found in sorted(by_round.items()):
            if key == "ping":
                for (b, k), v in found.items():
                    if b == build and k.startswith("ping_before_"):
                        floor = found.get(("floor", "floor_before_" + k[len("ping_before_"):]))
                        samples.append(dict(v, ratio=1.0, floor_ratio=v["rps"] / floor["rps"] if floor and floor["rps"] else None))
                continue
            if (build, key) not in found:
                continue
            r = dict(found[(build, key)])
            ping = found.get((build, "ping_before_" + key))
            floor = found.get(("floor", "floor_before_" + key))
            measured = key not in ("cold",) and not key.startswith("ping_during") and key not in ("flood", "good_under_flood")
            r["ratio"] = r["rps"] / ping["rps"] if measured and ping and ping["rps"] else None
            r["floor_ratio"] = r["rps"] / floor["rps"] if measured and floor and floor["rps"] else None
            samples.append(r)
        if samples:
            out[key] = samples
    return out


def between_builds(rows, key):
    """Per round, this build's req/s over the baseline's for one scenario (both measured in that round)."""
    by_round = {}
    for r in rows:
        by_round.setdefault(r["round"], {})[(r["build"], r["scenario"])] = r
    ratios = []
    for found in by_round.values():
        pairs = [(found.get(("new", k)), found.get(("base", k))) for k in
                 ([k for b, k in found if k.startswith("ping_before_")] if key == "ping" else [key])]
        for new, base in pairs:
            if new and base and base["rps"]:
                ratios.append(new["rps"] / base["rps"])
    return ratios


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


# issue 20's targets, as ratios to the floor (medians over the rounds)
TARGETS = {"ping": 0.90, "verify": 0.85, "check": 0.85, "get": 0.30, "list": 0.20, "create": 0.08}


def fact_values(facts, name, build):
    return [f["value"] for f in facts if f["footprint"] == name and f["build"] == build]


def report(path, compare=None):
    meta, rows, facts = load(path)
    builds = ["new"] + (["base"] if any(r["build"] == "base" for r in rows) else [])
    now = summarize(rows, "new")
    base = summarize(rows, "base") if "base" in builds else {}
    old = summarize(load(compare)[1], "new") if compare else {}
    rounds = len({r["round"] for r in rows})
    print(f"\nKeyplane benchmark: {meta.get('keys')} keys seeded, wrk -t2 -c{meta.get('connections')} "
          f"{meta.get('duration')} per measurement on loopback, {rounds} rounds, commit {meta.get('commit')}; medians over the rounds")
    if meta.get("redis"):
        print("--redis: this build counts rate limits on a Redis server (every verify and check is decided by a limit);"
              " the baseline is the same jar counting them in memory. Budget: verify and check with Redis >= 0.70x without")
    elif meta.get("scale"):
        print("--scale: this build's database holds 1,000,000 keys, 100,000 projects in 1,000 organizations and 10,000,000"
              " audit rows; the baseline is the same jar on one organization's share (10,000 keys, 100 projects, 10,000"
              " audit rows). this / baseline is the cost of the database's size: 1.00 is flat")
    elif meta.get("baseline_jar"):
        print(f"baseline: {meta['baseline_jar']}, measured in the same rounds right after this build")
    print()
    head = "| scenario | req/s | p50 ms | p99 ms | vs ping | vs floor (range) | target | non-2xx | pool hold / wait ms |"
    line = "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    if base:
        head += " baseline req/s | baseline vs floor | this / baseline (range) |"
        line += "---:|---:|---:|"
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
        floor = med([s.get("floor_ratio") for s in samples])
        lo, hi = spread([s.get("floor_ratio") for s in samples])
        target = TARGETS.get(key)
        verdict = "" if target is None or floor is None else f"≥ {target:.2f} {'met' if floor >= target else 'MISSED'}"
        if key == "good_under_flood":
            p99 = med([s["p99"] for s in samples])
            verdict = "" if p99 is None else f"p99 < 20 ms {'met' if p99 < 20 else 'MISSED'}"
        cells = [label, fmt(med([s["rps"] for s in samples]), 0), fmt(med([s["p50"] for s in samples])),
                 fmt(med([s["p99"] for s in samples])), pct(ratio) if key != "ping" else "-",
                 "-" if floor is None else f"{floor:.2f} ({lo:.2f}–{hi:.2f})", verdict or "-",
                 str(sum(s["non2xx"] for s in samples))]
        hold, wait = med([s.get("pool_hold_ms") for s in samples]), med([s.get("pool_wait_ms") for s in samples])
        cells.append("-" if hold is None else f"{hold:.2f} / {wait:.2f}")
        if base:
            b = base.get(key, [])
            between = between_builds(rows, key)
            blo, bhi = spread(between)
            cells += [fmt(med([s["rps"] for s in b]), 0) if b else "-", fmt(med([s.get("floor_ratio") for s in b])),
                      "-" if not between else f"{med(between):.2f}× ({blo:.2f}–{bhi:.2f})"]
        if compare:
            before = med([s["ratio"] for s in old.get(key, [])])
            cells += [pct(before), "-" if before in (None, 0) or ratio is None else f"{ratio / before:.2f}×"]
        print("| " + " | ".join(cells) + " |")
    cold = now.get("cold")
    capacity = med(fact_values(facts, "argon2_capacity", "new"))
    if cold:
        rate = med([c["per_second"] for c in cold])
        share = f"{rate / capacity * 100:.0f} % of {capacity:.1f}" if capacity else "-"
        cells = [f"7. cold verification, {cold[0]['keys']} never-seen keys a round (16 workers)", f"{rate:.1f} keys/s",
                 fmt(med([c['p50_ms'] for c in cold]), 1), fmt(med([c['p99_ms'] for c in cold]), 1), "-", share,
                 "" if not capacity else f"≥ 85 % {'met' if rate >= 0.85 * capacity else 'MISSED'}",
                 str({k: v for c in cold for k, v in c["codes"].items()}), ""]
        if base:
            bc = base.get("cold")
            cells += [f"{med([c['per_second'] for c in bc]):.1f} keys/s" if bc else "-", "", ""]
        if compare and old.get("cold"):
            before = med([c["per_second"] for c in old["cold"]])
            cells += [f"{before:.1f} keys/s", f"{rate / before:.2f}×"]
        elif compare:
            cells += ["", ""]
        print("| " + " | ".join(cells) + " |")
    if capacity:
        print(f"\nArgon2 capacity: {capacity:.1f} hashes/s ({meta.get('cpus')} cores / "
              f"{med(fact_values(facts, 'argon2_hash', 'new')):.1f} ms a hash, measured with the jar's argon2-jvm)")
    if facts:
        print("\n| footprint (median of the samples) | " + " | ".join(b for b in builds + ["floor"]) + " |")
        print("|---|" + "---:|" * (len(builds) + 1))
        for name, label in [("start_first", "start to ready, first start (migrates a fresh database), ms"),
                            ("start_plain", "start to ready, without AppCDS, ms"),
                            ("start_appcds", "start to ready, with the AppCDS archive, ms"),
                            ("rss_idle", "RSS idle (seeded, before the load), MiB"), ("rss_after", "RSS after the run, MiB"),
                            ("heap_after_gc_idle", "heap used after a full GC, idle, MiB"),
                            ("heap_after_gc_after", "heap used after a full GC, after the run, MiB")]:
            values = [med(fact_values(facts, name, b)) for b in builds + ["floor"]]
            if any(v is not None for v in values):
                print(f"| {label} | " + " | ".join(fmt(v, 0) for v in values) + " |")


def main(argv):
    if len(argv) > 1 and argv[1] == "--parse-wrk":
        parse_wrk(argv[2], argv[3], argv[4], argv[5], *argv[6:8])
    elif len(argv) > 1 and argv[1] == "--cold":
        cold = json.load(open(argv[2]))
        print(json.dumps(dict(cold, scenario="cold", round=int(argv[3]), build=argv[4], rps=cold["per_second"], p50=cold["p50_ms"],
                              p99=cold["p99_ms"], non2xx=sum(v for k, v in cold["codes"].items() if k != "VALID"))))
    elif len(argv) in (2, 4) and (len(argv) == 2 or argv[2] == "--compare"):
        report(argv[1], argv[3] if len(argv) == 4 else None)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
