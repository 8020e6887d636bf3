// Entry point of the GitHub Action (action.yml `runs.main`, bundled into
// dist/index.js by scripts/build-action.mjs). Everything that stops a run is
// turned into a failed step with a message that says what to change, and,
// where the cause has a place in a file, an annotation there.
import * as core from '@actions/core';
import { ConfigError } from '../config/load.js';
import { UsageError } from '../engine/exit-status.js';
import { InputPathError } from '../loader/discover.js';
import { RegoError } from '../rego/ast.js';
import { plural } from '../report/shared.js';
import { InputError, readInputs } from './inputs.js';
import { runAction } from './run.js';

function fail(err: unknown): void {
  if (err instanceof ConfigError) {
    for (const e of err.errors) {
      core.error(e.message, {
        title: 'rtpolicy configuration',
        file: e.file,
        startLine: e.line,
        startColumn: e.column,
      });
    }
    core.setFailed(`rtpolicy: the configuration is invalid:\n${err.message}`);
  } else if (err instanceof RegoError) {
    for (const e of err.errors) {
      const { file, row, col } = e.location;
      core.error(e.message, { title: `rtpolicy: ${e.code}`, file, startLine: row, startColumn: col });
    }
    core.setFailed(`rtpolicy: the policies do not compile:\n${err.message}`);
  } else if (err instanceof InputPathError) {
    core.setFailed(
      `rtpolicy: ${err.message}\nrtpolicy: the 'paths' input names files that are not in the checkout`,
    );
  } else if (err instanceof InputError || err instanceof UsageError) {
    core.setFailed(`rtpolicy: ${err.message}`);
  } else {
    core.setFailed(`rtpolicy: internal error: ${(err as Error)?.stack ?? String(err)}`);
  }
}

async function main(): Promise<void> {
  try {
    const result = await runAction(readInputs(), {
      workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
      eventName: process.env.GITHUB_EVENT_NAME,
      eventPath: process.env.GITHUB_EVENT_PATH,
    });
    if (result.failing > 0) {
      core.setFailed(
        `rtpolicy: ${plural(result.failing, 'finding')} at or above fail-level ${result.failLevel}`,
      );
    }
  } catch (err) {
    fail(err);
  }
}

await main();
