#!/usr/bin/env python3
"""Keyplane benchmark helper: raw keys in Keyplane's format, and a cold-verification client.

  keys.py admin                          prints a fresh sk-admin- key (the bootstrap key of the run)
  keys.py expand SECRET FIRST COUNT      prints sk-svcacct- keys with lookup ids b000..FIRST.. and SECRET
  keys.py forge FIRST COUNT              the same lookup ids with a wrong secret (valid checksums)
  keys.py cold URL VERIFIER FILE N       verifies each key of FILE once with N workers; prints keys/s
"""
import json
import secrets
import sys
import threading
import time
import urllib.request
import zlib

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def checksum(body: str) -> str:
    value = zlib.crc32(body.encode("ascii")) & 0xFFFFFFFF
    out = []
    for _ in range(6):
        out.append(BASE62[value % 62])
        value //= 62
    return "".join(reversed(out))


def raw(prefix: str, lookup: str, secret: str) -> str:
    body = f"{prefix}{lookup}.{secret}"
    return body + checksum(body)


def random62(n: int) -> str:
    return "".join(secrets.choice(BASE62) for _ in range(n))


def lookup_id(i: int) -> str:
    return "b" + str(i).rjust(15, "0")


def cold(url: str, verifier: str, path: str, workers: int) -> None:
    keys = [line.strip() for line in open(path) if line.strip()]
    lock = threading.Lock()
    codes = {}
    latencies = []

    def work(chunk):
        for key in chunk:
            body = json.dumps({"key": key}).encode()
            request = urllib.request.Request(url + "/v1/keys/verify", data=body, method="POST", headers={
                "Authorization": "Bearer " + verifier, "Content-Type": "application/json"})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    code = json.loads(response.read())["code"]
            except urllib.error.HTTPError as e:
                code = f"HTTP {e.code}"
            with lock:
                latencies.append(time.perf_counter() - started)
                codes[code] = codes.get(code, 0) + 1

    chunks = [keys[i::workers] for i in range(workers)]
    threads = [threading.Thread(target=work, args=(c,)) for c in chunks]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(json.dumps({"keys": len(keys), "seconds": round(elapsed, 2), "per_second": round(len(keys) / elapsed, 1),
                      "p50_ms": round(p50, 1), "p99_ms": round(p99, 1), "codes": codes}))


def main(argv):
    if argv[1] == "admin":
        print(raw("sk-admin-", random62(16), random62(43)))
    elif argv[1] == "expand":
        secret, first, count = argv[2], int(argv[3]), int(argv[4])
        for i in range(first, first + count):
            print(raw("sk-svcacct-", lookup_id(i), secret))
    elif argv[1] == "forge":
        first, count = int(argv[2]), int(argv[3])
        wrong = random62(43)
        for i in range(first, first + count):
            print(raw("sk-svcacct-", lookup_id(i), wrong))
    elif argv[1] == "cold":
        cold(argv[2], argv[3], argv[4], int(argv[5]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
