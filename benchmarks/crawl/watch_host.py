"""Watches a crawl's JSON Lines output: prints how many seconds passed until N records of one host were written.

Run: /usr/bin/python3 watch_host.py FILE URL_PREFIX N TIMEOUT_SECONDS   (start it with the crawl)
Prints: host_pages=<n> host_seconds=<s> (from the first record of any host to the N-th of this one).
"""
import json
import os
import sys
import time

path, prefix, want, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
deadline = time.monotonic() + timeout
first = None
count = 0
offset = 0
buf = ""
while time.monotonic() < deadline:
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            f.seek(offset)
            chunk = f.read()
            offset = f.tell()
        buf += chunk
        lines = buf.split("\n")
        buf = lines.pop()
        now = time.monotonic()
        for line in lines:
            if not line:
                continue
            if first is None:
                first = now
            if json.loads(line)["url"].startswith(prefix):
                count += 1
        if count >= want:
            print(f"host_pages={count} host_seconds={now - first:.3f}")
            sys.exit(0)
    time.sleep(0.02)
print(f"host_pages={count} host_seconds=nan")
sys.exit(1)
