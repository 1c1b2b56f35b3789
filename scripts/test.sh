#!/usr/bin/env bash
# The course's tests: set up, build, run every test (they execute every notebook, train real models,
# drive a real browser and a real Jupyter client). Prints "N passed, N failed, N skipped" at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
results="$here/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test tests/LargeModelsCourse.Tests -c Release --no-build --results-directory "$results" \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" "$@" || status=$?
trx="$results/tests.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(value passed); failed=$(value failed); total=$(value total); executed=$(value executed)
  skipped=$(( ${total:-0} - ${executed:-0} ))
  if [ "${failed:-0}" != "0" ]; then
    # Repeat each failure at the very end, where a reader of a long CI log (or of its tail) looks first.
    python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
    message = r.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
    trace = r.findtext(".//t:ErrorInfo/t:StackTrace", default="", namespaces=ns).strip().splitlines()
    print(f"FAILED {r.get('testName')} ({r.get('duration')})")
    for line in message.splitlines()[:25] + trace[:8]:
        print("    " + line[:300])
PY
  fi
  echo "${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"
fi
exit "$status"
