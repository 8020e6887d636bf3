// The action's inputs (action.yml), read the way the runner passes them:
// `INPUT_<NAME>` with the name upper-cased and spaces turned into `_`
// (`fail-level` arrives as `INPUT_FAIL-LEVEL`). @actions/core does the
// lookup; this module gives the values their types and checks them, so that
// a typo fails the step with a message that names the input.
import * as core from '@actions/core';
import { FAIL_LEVELS, type FailLevel, parseFailLevel } from '../engine/exit-status.js';

export interface ActionInputs {
  /** Files and directories to check, relative to the workspace. */
  paths: string[];
  /** Custom Rego policy files and directories. */
  policies: string[];
  config?: string;
  /** Undefined: rtpolicy.yaml's failLevel, else error. */
  failLevel?: FailLevel;
  /** Undefined when the input is empty: no SARIF file. */
  sarifFile?: string;
  annotations: boolean;
  onlyChanged: boolean;
  kubernetesVersion?: string;
  /** The built-in pack version the workflow asks for (checked against the bundled one). */
  version?: string;
}

/** The problem with an input, phrased for the workflow author. */
export class InputError extends Error {
  constructor(input: string, problem: string) {
    super(`input '${input}': ${problem}`);
    this.name = 'InputError';
  }
}

/** A list input: one entry per line or separated by spaces (`paths: manifests charts`). */
function listInput(name: string): string[] {
  return core
    .getInput(name)
    .split(/\s+/)
    .filter((entry) => entry !== '');
}

function optionalInput(name: string): string | undefined {
  const value = core.getInput(name);
  return value === '' ? undefined : value;
}

/** YAML 1.2 core booleans, as @actions/core accepts them; anything else names the input. */
function booleanInput(name: string, fallback: boolean): boolean {
  if (core.getInput(name) === '') return fallback;
  try {
    return core.getBooleanInput(name);
  } catch {
    throw new InputError(name, `expected true or false, got '${core.getInput(name)}'`);
  }
}

export function readInputs(): ActionInputs {
  const paths = listInput('paths');
  const failLevelText = optionalInput('fail-level');
  let failLevel: FailLevel | undefined;
  if (failLevelText !== undefined) {
    try {
      failLevel = parseFailLevel(failLevelText);
    } catch {
      throw new InputError('fail-level', `expected one of ${FAIL_LEVELS.join(', ')}, got '${failLevelText}'`);
    }
  }
  return {
    paths: paths.length > 0 ? paths : ['.'],
    policies: listInput('policy'),
    config: optionalInput('config'),
    failLevel,
    sarifFile: optionalInput('sarif-file'),
    annotations: booleanInput('annotations', true),
    onlyChanged: booleanInput('only-changed', false),
    kubernetesVersion: optionalInput('kubernetes-version'),
    version: optionalInput('version'),
  };
}

/**
 * Whether the bundled rtpolicy (and so its built-in pack) satisfies the
 * requested version: `0.1.0` exactly, or a prefix such as `0.1` or `v0`.
 */
export function versionMatches(requested: string, bundled: string): boolean {
  const wanted = requested.trim().replace(/^v/, '').split('.');
  const have = bundled.split('.');
  return wanted.length <= have.length && wanted.every((part, i) => part === have[i]);
}
