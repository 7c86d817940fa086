#!/usr/bin/python3
"""Counts test cases in meson testlog.json files and prints the CI line.

TAP tests count each "ok"/"not ok" line; other tests count once. A test that
failed without a failing TAP line (a crash, a timeout) counts one failure.
Exits non-zero when anything failed or nothing ran."""
import json
import re
import sys

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            t = json.loads(line)
            result = t.get("result", "")
            out = t.get("stdout") or ""
            oks = nots = skips = 0
            if t.get("protocol") == "tap" or re.search(r"^1\.\.\d+", out, re.M):
                for m in re.finditer(r"^(not ok|ok)\b(.*)$", out, re.M):
                    if "# SKIP" in m.group(2):
                        skips += 1
                    elif m.group(1) == "ok":
                        oks += 1
                    else:
                        nots += 1
            if oks + nots + skips == 0:
                if result in PASS:
                    oks = 1
                elif result in SKIP:
                    skips = 1
                else:
                    nots = 1
            elif result not in PASS and result not in SKIP and nots == 0:
                nots = 1
            passed += oks
            failed += nots
            skipped += skips

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
