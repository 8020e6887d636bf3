// `rtpolicy test`: Rego unit tests, run like `opa test`.
export {
  collectRegoFiles,
  discoverTests,
  type RegoFile,
  type TestCase,
  TestPathError,
} from './discover.js';
export { formatTestRun, type TestReportOptions, testRunFailed } from './report.js';
export { runTests, type TestOutcome, type TestResult, type TestRun, type TestRunOptions } from './runner.js';
