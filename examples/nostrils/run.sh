#!/usr/bin/env bash
# Builds and packs jest-runner-impact, installs it with Jest 30 into this example, runs the suite
# with the runner (which records the line map), then asks which tests execute each line of worker.js.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

(cd "$root" && npm run --silent build)
tarball="$(cd "$root" && npm pack --silent --pack-destination "$here" | tail -n 1)"
cd "$here"
npm install --no-save --no-audit --no-fund --loglevel=error jest@30 "./$tarball"
rm -f "./$tarball"

npx jest --runner=jest-runner-impact
echo
echo '$ npx jest-impact why src/worker.js'
npx jest-impact why src/worker.js
