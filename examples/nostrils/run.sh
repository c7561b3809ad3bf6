#!/usr/bin/env bash
# The whole story in one command: builds and packs jest-runner-impact, installs it with Jest 30 into
# this example, records the line map, prints it, then, in a temporary copy (the example itself is never
# edited), changes one line of `subtract`, asks what the next run selects and why, and runs it: only
# subtract's test runs. The copy is deleted at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

(cd "$root" && npm run --silent build)
tarball="$(cd "$root" && npm pack --silent --pack-destination "$here" | tail -n 1)"
cd "$here"
npm install --no-save --no-audit --no-fund --loglevel=error jest@30 "./$tarball"
rm -f "./$tarball"
# Start from no store, so that the first run records everything.
rm -rf node_modules/.cache/jest-runner-impact

step() {
  echo
  echo "\$ $*"
}

step 'npx jest --runner=jest-runner-impact'
npx jest --runner=jest-runner-impact

step 'npx jest-impact why src/worker.js'
npx jest-impact why src/worker.js

copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
cp -a "$here/." "$copy/"
cd "$copy"
sed -i 's/  var z = x - y;/  var z = x - y - 0;/' src/worker.js

echo
echo "# In a temporary copy of the example, one line of subtract changes:"
echo "#   src/worker.js:7   var z = x - y;   ->   var z = x - y - 0;"

echo "# Selection by test, not by test file, for what follows:"
step 'export JEST_IMPACT_GRANULARITY=test'
export JEST_IMPACT_GRANULARITY=test

step 'npx jest-impact affected --explain'
npx jest-impact affected --explain

step 'npx jest --runner=jest-runner-impact --verbose'
npx jest --runner=jest-runner-impact --verbose

echo
echo "# The copy is deleted; the example is as it was."
