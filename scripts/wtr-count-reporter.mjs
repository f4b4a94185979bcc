// A web-test-runner reporter that only counts results, so `npm test` can print one total line, and
// says per file what passed and whether the browser itself failed (see BROWSER_FAILURES).
import { relative } from 'node:path';
import { writeFileSync } from 'node:fs';

/**
 * The runner's own messages for a browser that stopped answering or went away, as opposed to a test
 * that failed or a file that did not load: seen with WebKitGTK's MiniBrowser, which once in several
 * runs hangs for minutes on a loaded machine and takes the files running then down with it.
 */
const BROWSER_FAILURES = [
  'Timed out stopping the browser page',
  'Tests were interrupted because the browser disconnected',
  'The browser was unable to create and start a test page',
  'Browser tests did not start after',
  'Browser tests did not finish within',
];

function countSuite(suite, totals) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite.suites ?? []) countSuite(child, totals);
}

/**
 * Writes `{ passed, failed, skipped, sessionErrors, browserFailed, files }` to `outFile`: `files`
 * holds each test file's own counts, `browserFailed` whether any session ended in a browser failure.
 */
export function countReporter(outFile) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0, sessionErrors: 0, browserFailed: false, files: [] };
      for (const session of sessions) {
        const file = { file: relative(process.cwd(), session.testFile), passed: 0, failed: 0, skipped: 0, sessionErrors: 0 };
        if (session.testResults) countSuite(session.testResults, file);
        // A file that failed to load has errors but no tests: count it as one failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) file.sessionErrors = 1;
        if (session.errors?.some((error) => BROWSER_FAILURES.some((message) => String(error?.message).includes(message)))) totals.browserFailed = true;
        for (const key of ['passed', 'failed', 'skipped', 'sessionErrors']) totals[key] += file[key];
        totals.files.push(file);
      }
      writeFileSync(outFile, JSON.stringify(totals));
    },
  };
}
