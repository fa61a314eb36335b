#!/usr/bin/env python3
"""The fault suite's client (standard library only).

  load.py creates URL[,URL2] KEY SECONDS THREADS TAG OUT.json
      The write flows, in turn: a project named TAG-<n>, an admin key named TAG-<n> (a mint), an organization
      member TAG-<n>@faults.example, then made an owner (a member change). Each has its own Idempotency-Key and is retried (same key) on 503, 429 or a
      lost connection until acknowledged or the run ends; round-robin over the URLs. Writes what was
      acknowledged, every status seen, the slowest 503 and the latency of the acknowledged writes.
      With LOAD_HANGUP_EVERY=N in the environment, every N-th client hangs up 50 ms into each write's first
      attempt (a client giving up mid-request), then retries it with the same Idempotency-Key.
  load.py check URL KEY TAG OUT.json...
      Lists projects, admin keys and members: each acknowledged one must exist, and each acknowledged role
      change be in force (else lost), and no name may be there twice (else duplicated). Prints one JSON line.
"""
import json, os, sys, threading, time, urllib.request, urllib.error, itertools

def call(url, key, method, path, body=None, idem=None, timeout=10):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + key)
    req.add_header("Content-Type", "application/json")
    if idem:
        req.add_header("Idempotency-Key", idem)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"{}"), time.monotonic() - started
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            payload = json.loads(raw or b"{}")
        except ValueError:
            payload = {"raw": raw[:200].decode(errors="replace")}
        return e.code, payload, time.monotonic() - started
    except Exception as e:  # refused, reset, timed out: the connection is gone
        return 0, {"error": type(e).__name__}, time.monotonic() - started

FLOWS = [
    lambda name: ("project", "/v1/organization/projects", {"name": name}),
    lambda name: ("admin_key", "/v1/organization/admin_api_keys", {"name": name, "role": "reader"}),
    lambda name: ("member", "/v1/organization/users", {"email": name + "@faults.example", "role": "reader"}),
]
LISTS = {  # kind: (list path, the field that carries the name)
    "project": ("/v1/organization/projects?limit=100&include_archived=true", "name"),
    "admin_key": ("/v1/organization/admin_api_keys?limit=100", "name"),
    "member": ("/v1/organization/users?limit=100", "email"),
}

def creates(urls, key, seconds, threads, tag, out):
    urls = urls.split(",")
    deadline = time.monotonic() + seconds
    counter = itertools.count()
    lock = threading.Lock()
    acknowledged, statuses, bad, latencies = [], {}, [], []
    slowest_503 = [0.0]
    rr = itertools.count()
    hangup_every = int(os.environ.get("LOAD_HANGUP_EVERY", "0"))
    def write(path, payload, idem, impatient):
        """One acknowledged write: retried with the same Idempotency-Key until a 200, a refusal or the run's end."""
        attempt = 0
        while True:
            url = urls[next(rr) % len(urls)]
            attempt += 1
            hang_up = impatient and attempt == 1
            status, body, took = call(url, key, "POST", path, payload, idem, timeout=0.05 if hang_up else 10)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 503:
                    slowest_503[0] = max(slowest_503[0], took)
                elif status >= 500 or (400 <= status < 500 and status != 429):
                    bad.append({"status": status, "body": body})
            if status == 200:
                with lock:
                    latencies.append(took)
                return body
            if status not in (0, 429, 503) or time.monotonic() > deadline + 60:
                return None  # a refusal (counted in bad) or the run is long over: give this one up
            time.sleep(0.2)

    def worker(index):
        impatient = hangup_every > 0 and index % hangup_every == 0
        while time.monotonic() < deadline:
            n = next(counter)
            name, idem = f"{tag}-{n}", f"{tag}-{n}"
            kind, path, payload = FLOWS[n % len(FLOWS)](name)
            body = write(path, payload, idem, impatient)
            if body is None:
                continue
            with lock:
                acknowledged.append({"kind": kind, "name": name, "id": body["id"]})
            if kind == "member" and time.monotonic() < deadline:
                # a member change: the new member is made an owner; an acknowledged change must be in force afterwards
                if write(f"/v1/organization/users/{body['id']}", {"role": "owner"}, idem + "-role", impatient) is not None:
                    with lock:
                        acknowledged.append({"kind": "member_role", "name": name, "id": body["id"], "role": "owner"})
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool: t.start()
    for t in pool: t.join()
    latencies.sort()
    pct = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 1) if latencies else None
    json.dump({"acknowledged": acknowledged, "statuses": statuses, "p50_ms": pct(0.5), "p99_ms": pct(0.99),
               "per_second": round(len(acknowledged) / seconds, 1), "bad": bad[:20], "bad_count": len(bad),
               "slowest_503_s": round(slowest_503[0], 3)}, open(out, "w"))

def check(url, key, tag, outs):
    acknowledged = []
    for out in outs:
        acknowledged += json.load(open(out))["acknowledged"]
    names, roles = {}, {}
    for kind, (path, field) in LISTS.items():
        after = None
        while True:
            status, page, _ = call(url, key, "GET", path + (f"&after={after}" if after else ""), timeout=30)
            if status != 200:
                print(json.dumps({"error": f"listing {kind} failed: {status} {page}"})); sys.exit(2)
            for item in page["data"]:
                name = (item.get(field) or "").split("@")[0]
                if name.startswith(tag + "-"):
                    names.setdefault((kind, name), []).append(item["id"])
                    roles[item["id"]] = item.get("role")
            if not page.get("has_more"):
                break
            after = page["last_id"]
    ids = {i for v in names.values() for i in v}
    # a write is lost when its object is missing, or (a member change) when the object lacks the acknowledged role
    lost = [a for a in acknowledged if a["id"] not in ids or ("role" in a and roles.get(a["id"]) != a["role"])]
    duplicated = {f"{k}:{n}": v for (k, n), v in names.items() if len(v) > 1}
    by_kind = {}
    for a in acknowledged:
        by_kind[a["kind"]] = by_kind.get(a["kind"], 0) + 1
    print(json.dumps({"acknowledged": len(acknowledged), "by_kind": by_kind, "present": len(ids), "lost": len(lost),
                      "duplicated": len(duplicated), "lost_examples": lost[:3], "duplicated_examples": list(duplicated.items())[:3]}))

if __name__ == "__main__":
    if sys.argv[1] == "creates":
        creates(sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7])
    elif sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        print(__doc__); sys.exit(2)
