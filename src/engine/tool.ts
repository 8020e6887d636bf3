// Who rtpolicy is, as reports and caches name it: the package version and
// the repository that rule documentation links point into.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import type { Report } from './types.js';

export const REPOSITORY_URL = 'https://github.com/rtpolicy/rtpolicy';

function readVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The rtpolicy version (package.json), part of every compile-cache key. */
export const VERSION = readVersion();

export const TOOL: Report['tool'] = { name: 'rtpolicy', version: VERSION, informationUri: REPOSITORY_URL };

/** Where a built-in rule is documented: `docs/rules/<ID>.md` in the repository. */
export function builtinRuleHelpUri(id: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${encodeURIComponent(id)}.md`;
}
