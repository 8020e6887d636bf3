// Runs Rego unit tests: every test rule becomes an entrypoint of one module
// compiled by rtpolicy's own compiler (with `print` kept), evaluated through
// the opa-wasm SDK like any policy. A test passes when its rule is defined
// and not false; `with input as ...` / `with data.x as ...` in the test
// bodies do the mocking, as in `opa test`.
import type { RegoVersion } from '../rego/ast.js';
import { parseModules } from '../rego/parser.js';
import { discoverTests, type RegoFile, type TestCase } from './discover.js';

export type TestOutcome = 'pass' | 'fail' | 'error' | 'skip';

export interface TestResult {
  test: TestCase;
  outcome: TestOutcome;
  durationMs: number;
  /** Why an `error` test failed: the evaluation's error message. */
  error?: string;
  /** What the test printed (`print(...)`), one entry per line. */
  output: string[];
}

export interface TestRunOptions {
  regoVersion?: RegoVersion;
  /** Runs only the tests whose name (`data.pkg.test_x`) matches. */
  run?: RegExp;
  /** The `data` document the tests see (before their own `with data...` mocks). */
  data?: Record<string, unknown>;
}

export interface TestRun {
  results: TestResult[];
  /** Milliseconds spent compiling the modules to Wasm. */
  compileMs: number;
}

/** Text of whatever the SDK threw (opa_abort throws the runtime's message as a string). */
function errorMessage(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Compiles `files` and evaluates their test rules. Throws a RegoError when a
 * module does not parse or compile.
 */
export async function runTests(files: readonly RegoFile[], options: TestRunOptions = {}): Promise<TestRun> {
  const regoVersion = options.regoVersion ?? 'v1';
  const modules = parseModules(files, { regoVersion });
  const tests = discoverTests(modules).filter((t) => !options.run || options.run.test(t.name));
  const runnable = tests.filter((t) => !t.skipped);
  const results: TestResult[] = [];
  if (runnable.length === 0) {
    return {
      results: tests.map((test) => ({ test, outcome: 'skip', durationMs: 0, output: [] })),
      compileMs: 0,
    };
  }

  const started = performance.now();
  const [{ analyze }, { plan }, { generateWasm }] = await Promise.all([
    import('../compiler/check/index.js'),
    import('../compiler/plan/index.js'),
    import('../compiler/wasm/index.js'),
  ]);
  const program = analyze(modules, { regoVersion, enablePrint: true });
  const wasm = await generateWasm(
    plan(
      program,
      runnable.map((t) => t.entrypoint),
    ),
  );
  const compileMs = performance.now() - started;

  let output: string[] = [];
  const [{ loadPolicy }, { createHostBuiltins }] = await Promise.all([
    import('@open-policy-agent/opa-wasm'),
    import('../builtins/index.js'),
  ]);
  const builtins = createHostBuiltins({ print: (line: string) => output.push(line) });
  const policy = await loadPolicy(wasm, undefined, builtins);
  policy.setData(options.data ?? {});

  for (const test of tests) {
    if (test.skipped) {
      results.push({ test, outcome: 'skip', durationMs: 0, output: [] });
      continue;
    }
    output = [];
    const begin = performance.now();
    let outcome: TestOutcome;
    let error: string | undefined;
    try {
      const resultSet = policy.evaluate(undefined, test.entrypoint) as { result: unknown }[];
      const value = resultSet.length > 0 ? resultSet[0].result : undefined;
      outcome = value !== undefined && value !== false ? 'pass' : 'fail';
    } catch (err) {
      outcome = 'error';
      error = errorMessage(err);
    }
    const result: TestResult = { test, outcome, durationMs: performance.now() - begin, output };
    if (error !== undefined) result.error = error;
    results.push(result);
  }
  return { results, compileMs };
}
