// Writes each jest run's totals to $CARELINK_TEST_RESULTS (when set) so that infra/local/test.sh can print
// one closing line for the whole suite: "tests: N passed, N failed".
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const dir = process.env.CARELINK_TEST_RESULTS;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${process.pid}-${Date.now()}.json`),
      JSON.stringify({
        cwd: process.cwd(),
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        skipped: results.numPendingTests,
      }),
    );
  }
}
module.exports = SummaryReporter;
