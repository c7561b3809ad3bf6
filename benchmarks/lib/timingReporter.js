'use strict';
/**
 * A Jest reporter for the watch benchmark: appends one JSON line per event to the file named by
 * BENCH_TIMING_FILE, with the wall-clock time it happened. `result` is a test file that ran (a file the
 * runner reported as skipped is left out: it is not a result the user waits for).
 */
const fs = require('node:fs');

class TimingReporter {
  constructor() {
    this.file = process.env.BENCH_TIMING_FILE;
  }

  write(event) {
    if (this.file) fs.appendFileSync(this.file, `${JSON.stringify({ ...event, at: Date.now() })}\n`);
  }

  onRunStart() {
    this.write({ event: 'start' });
  }

  onTestResult(_test, result) {
    if (!result.skipped) this.write({ event: 'result' });
  }

  onRunComplete(_contexts, results) {
    const ran = results.testResults.filter((file) => !file.skipped);
    this.write({ event: 'complete', files: ran.length, tests: results.numPassedTests + results.numFailedTests, failed: results.numFailedTests });
  }
}

module.exports = TimingReporter;
