// Validates the decoded rtpolicy.yaml and fills in the defaults. Hand-written
// on purpose: a schema compiler would cost more start-up time than the whole
// check of a small file. Every problem is an issue with the path it concerns;
// load.ts turns paths into line:column.
import { SEVERITIES, type Severity } from '../engine/types.js';
import { defaultConfig, HYPERVISORS } from './defaults.js';
import type {
  Config,
  FailLevel,
  Hypervisor,
  LabelSelector,
  LabelSelectorRequirement,
  OverheadMinimum,
  RuleSetting,
  RuntimeClassSetting,
  SandboxingClass,
} from './types.js';

type Path = (string | number)[];

export interface ConfigIssue {
  path: Path;
  message: string;
  /** Whether the issue is about the key itself (unknown key) or its value. */
  target: 'key' | 'value';
}

const FAIL_LEVELS: readonly FailLevel[] = [...SEVERITIES, 'none'];
const SANDBOX_OVERRIDES = ['vm', 'gvisor', 'none'] as const;
const SANDBOXING_CLASSES: readonly SandboxingClass[] = ['vm', 'gvisor'];
const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
const OVERHEAD_KEYS = [...HYPERVISORS, 'vm', 'gvisor'];
const QUANTITY = /^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|[numkMGTPE]|[KMGTPE]i)?$/;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
const RULE_ID = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB|Ki|Mi|Gi|K|M|G)?$/;
const SIZE_UNITS: Record<string, number> = {
  B: 1,
  K: 1000,
  KB: 1000,
  M: 1e6,
  MB: 1e6,
  G: 1e9,
  GB: 1e9,
  Ki: 1024,
  KiB: 1024,
  Mi: 1024 ** 2,
  MiB: 1024 ** 2,
  Gi: 1024 ** 3,
  GiB: 1024 ** 3,
};

/** `rules.RTC031.severity`, `sandbox.namespaces[2]`, `x["example.com/tier"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || '(top level)';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The allowed key a mistyped one most likely meant, when one is close. */
export function didYouMean(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const describe = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'a list'
      : typeof value === 'object'
        ? 'a mapping'
        : JSON.stringify(value);

class Validator {
  readonly issues: ConfigIssue[] = [];

  fail(path: Path, message: string, target: ConfigIssue['target'] = 'value'): undefined {
    this.issues.push({ path, message: `${formatPath(path)} ${message}`, target });
    return undefined;
  }

  /** A mapping whose keys are all in `allowed`; unknown keys are issues. */
  mapping(value: unknown, path: Path, allowed?: readonly string[]): Record<string, unknown> | undefined {
    if (!isMapping(value)) return this.fail(path, `must be a mapping, not ${describe(value)}`);
    if (allowed) {
      for (const key of Object.keys(value)) {
        if (allowed.includes(key)) continue;
        const guess = didYouMean(key, allowed);
        const hint = guess
          ? `; did you mean ${formatPath([...path, guess])}?`
          : `; known keys: ${allowed.join(', ')}`;
        this.fail([...path, key], `is not a known setting${hint}`, 'key');
      }
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: Path, options: readonly T[]): T | undefined {
    if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T;
    return this.fail(
      path,
      `must be one of ${options.join(', ')}${value === undefined ? '' : `, not ${describe(value)}`}`,
    );
  }

  string(value: unknown, path: Path, pattern?: RegExp, what?: string): string | undefined {
    if (typeof value !== 'string') return this.fail(path, `must be a string, not ${describe(value)}`);
    if (pattern && !pattern.test(value))
      return this.fail(path, `must be ${what}, not ${JSON.stringify(value)}`);
    return value;
  }

  strings(value: unknown, path: Path, pattern?: RegExp, what?: string): string[] {
    if (!Array.isArray(value)) {
      this.fail(path, `must be a list of strings, not ${describe(value)}`);
      return [];
    }
    return value.flatMap((item, i) => this.string(item, [...path, i], pattern, what) ?? []);
  }

  stringMap(
    value: unknown,
    path: Path,
    valuePattern?: RegExp,
    what?: string,
  ): Record<string, string> | undefined {
    const map = this.mapping(value, path);
    if (!map) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(map)) {
      // YAML reads `true` and `5` unquoted; labels and quantities are strings.
      const text = typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
      const checked = this.string(text, [...path, k], valuePattern, what);
      if (checked !== undefined) out[k] = checked;
    }
    return out;
  }
}

function validateRules(v: Validator, value: unknown): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  const map = v.mapping(value, ['rules']);
  for (const [id, setting] of Object.entries(map ?? {})) {
    const path = ['rules', id];
    if (!RULE_ID.test(id)) v.fail(path, 'is not a rule id (such as RTC031)', 'key');
    // `RTC036: false` (or `off`, which YAML 1.1 reads as false) disables, `RTC031: warning` sets the severity.
    if (typeof setting === 'boolean') rules[id] = { enabled: setting };
    else if (typeof setting === 'string') {
      const severity = v.oneOf<Severity>(setting, path, SEVERITIES);
      if (severity) rules[id] = { enabled: true, severity };
    } else {
      const fields = v.mapping(setting, path, ['enabled', 'severity']);
      if (!fields) continue;
      const rule: RuleSetting = { enabled: true };
      if (fields.enabled !== undefined) {
        if (typeof fields.enabled === 'boolean') rule.enabled = fields.enabled;
        else v.fail([...path, 'enabled'], `must be true or false, not ${describe(fields.enabled)}`);
      }
      if (fields.severity !== undefined) {
        const severity = v.oneOf<Severity>(fields.severity, [...path, 'severity'], SEVERITIES);
        if (severity) rule.severity = severity;
      }
      rules[id] = rule;
    }
  }
  return rules;
}

function validateRuntimeClasses(v: Validator, value: unknown): Record<string, RuntimeClassSetting> {
  const classes: Record<string, RuntimeClassSetting> = {};
  const map = v.mapping(value, ['runtimeClasses']);
  for (const [name, setting] of Object.entries(map ?? {})) {
    const path = ['runtimeClasses', name];
    if (!DNS_SUBDOMAIN.test(name))
      v.fail(path, 'is not a valid RuntimeClass name (a DNS-1123 subdomain)', 'key');
    const fields = v.mapping(setting, path, ['handler', 'sandbox', 'hypervisor', 'overhead', 'nodeSelector']);
    if (!fields) continue;
    const entry: RuntimeClassSetting = {};
    if (fields.handler !== undefined) {
      entry.handler = v.string(fields.handler, [...path, 'handler'], DNS_LABEL, 'a DNS-1123 label');
    }
    if (fields.sandbox !== undefined)
      entry.sandbox = v.oneOf(fields.sandbox, [...path, 'sandbox'], SANDBOX_OVERRIDES);
    if (fields.hypervisor !== undefined) {
      entry.hypervisor = v.oneOf<Hypervisor>(fields.hypervisor, [...path, 'hypervisor'], HYPERVISORS);
    }
    if (fields.overhead !== undefined) {
      entry.overhead = v.stringMap(
        fields.overhead,
        [...path, 'overhead'],
        QUANTITY,
        'a quantity such as 250m or 160Mi',
      );
    }
    if (fields.nodeSelector !== undefined)
      entry.nodeSelector = v.stringMap(fields.nodeSelector, [...path, 'nodeSelector']);
    for (const key of Object.keys(entry) as (keyof RuntimeClassSetting)[])
      if (entry[key] === undefined) delete entry[key];
    classes[name] = entry;
  }
  return classes;
}

function validateSelector(v: Validator, value: unknown, path: Path): LabelSelector | undefined {
  const fields = v.mapping(value, path, ['matchLabels', 'matchExpressions']);
  if (!fields) return undefined;
  const selector: LabelSelector = {};
  if (fields.matchLabels !== undefined)
    selector.matchLabels = v.stringMap(fields.matchLabels, [...path, 'matchLabels']);
  if (fields.matchExpressions !== undefined) {
    const list = fields.matchExpressions;
    if (!Array.isArray(list)) v.fail([...path, 'matchExpressions'], `must be a list, not ${describe(list)}`);
    else {
      selector.matchExpressions = list.flatMap((item, i): LabelSelectorRequirement[] => {
        const itemPath = [...path, 'matchExpressions', i];
        const req = v.mapping(item, itemPath, ['key', 'operator', 'values']);
        if (!req) return [];
        const key = v.string(req.key, [...itemPath, 'key']);
        const operator = v.oneOf(req.operator, [...itemPath, 'operator'], SELECTOR_OPERATORS);
        const values = req.values === undefined ? undefined : v.strings(req.values, [...itemPath, 'values']);
        if ((operator === 'In' || operator === 'NotIn') && !values?.length) {
          v.fail([...itemPath, 'values'], `must list at least one value for operator ${operator}`);
        }
        if (key === undefined || operator === undefined) return [];
        return [values === undefined ? { key, operator } : { key, operator, values }];
      });
    }
  }
  return selector;
}

function validateSandbox(v: Validator, value: unknown, config: Config): void {
  const fields = v.mapping(
    value,
    ['sandbox'],
    ['classes', 'namespaces', 'namespaceSelector', 'minimumOverhead'],
  );
  if (!fields) return;
  const { sandbox } = config;
  if (fields.classes !== undefined) {
    if (!Array.isArray(fields.classes))
      v.fail(['sandbox', 'classes'], `must be a list, not ${describe(fields.classes)}`);
    else {
      const classes = fields.classes.flatMap(
        (c, i) => v.oneOf(c, ['sandbox', 'classes', i], SANDBOXING_CLASSES) ?? [],
      );
      if (fields.classes.length === 0) v.fail(['sandbox', 'classes'], 'must name at least one of vm, gvisor');
      sandbox.classes = [...new Set(classes)];
    }
  }
  if (fields.namespaces !== undefined) {
    sandbox.namespaces = v.strings(
      fields.namespaces,
      ['sandbox', 'namespaces'],
      DNS_LABEL,
      'a namespace name',
    );
  }
  if (fields.namespaceSelector !== undefined) {
    sandbox.namespaceSelector = validateSelector(v, fields.namespaceSelector, [
      'sandbox',
      'namespaceSelector',
    ]);
  }
  if (fields.minimumOverhead !== undefined) {
    const map = v.mapping(fields.minimumOverhead, ['sandbox', 'minimumOverhead'], OVERHEAD_KEYS);
    for (const [key, minimum] of Object.entries(map ?? {})) {
      if (!OVERHEAD_KEYS.includes(key)) continue;
      const path = ['sandbox', 'minimumOverhead', key];
      const resources = v.mapping(minimum, path, ['cpu', 'memory']);
      if (!resources) continue;
      const entry: OverheadMinimum = {};
      for (const resource of ['cpu', 'memory'] as const) {
        if (resources[resource] === undefined) continue;
        const quantity =
          typeof resources[resource] === 'number' ? String(resources[resource]) : resources[resource];
        const checked = v.string(quantity, [...path, resource], QUANTITY, 'a quantity such as 250m or 160Mi');
        if (checked !== undefined) entry[resource] = checked;
      }
      sandbox.minimumOverhead[key] = entry;
    }
  }
}

/** `1.31`, `v1.31`, `1.31.2` -> `1.31`. */
function validateKubernetesVersion(v: Validator, value: unknown): string | undefined {
  const path = ['kubernetesVersion'];
  if (typeof value !== 'string')
    return v.fail(path, `must be a version such as "1.31", not ${describe(value)}`);
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(value.trim());
  if (!m) return v.fail(path, `must be a version such as "1.31", not ${JSON.stringify(value)}`);
  return `${Number(m[1])}.${Number(m[2])}`;
}

/** A byte count, or a size such as `8MiB` or `500KB`. */
function validateSize(v: Validator, value: unknown, path: Path): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  const m = typeof value === 'string' ? SIZE.exec(value.trim()) : null;
  if (!m) return v.fail(path, `must be a size in bytes or such as 8MiB, not ${describe(value)}`);
  return Math.round(Number(m[1]) * SIZE_UNITS[m[2] ?? 'B']);
}

function validateLimits(v: Validator, value: unknown, config: Config): void {
  const fields = v.mapping(value, ['limits'], ['maxFileSize', 'maxAliasNodes']);
  if (!fields) return;
  if (fields.maxFileSize !== undefined) {
    const size = validateSize(v, fields.maxFileSize, ['limits', 'maxFileSize']);
    if (size !== undefined) config.limits.maxFileSize = size;
  }
  if (fields.maxAliasNodes !== undefined) {
    const n = fields.maxAliasNodes;
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) config.limits.maxAliasNodes = n;
    else v.fail(['limits', 'maxAliasNodes'], `must be a positive whole number, not ${describe(n)}`);
  }
}

export const CONFIG_KEYS = [
  'rules',
  'runtimeClasses',
  'sandbox',
  'ignore',
  'kubernetesVersion',
  'failLevel',
  'limits',
];

/** Validates a decoded rtpolicy.yaml (null for an empty file) and applies the defaults. */
export function validateConfig(raw: unknown): { config: Config; issues: ConfigIssue[] } {
  const v = new Validator();
  const config = defaultConfig();
  if (raw === null || raw === undefined) return { config, issues: [] };
  const top = v.mapping(raw, [], CONFIG_KEYS);
  if (!top) return { config, issues: v.issues };
  if (top.rules !== undefined) config.rules = validateRules(v, top.rules);
  if (top.runtimeClasses !== undefined) config.runtimeClasses = validateRuntimeClasses(v, top.runtimeClasses);
  if (top.sandbox !== undefined) validateSandbox(v, top.sandbox, config);
  if (top.ignore !== undefined) config.ignore = v.strings(top.ignore, ['ignore']);
  if (top.kubernetesVersion !== undefined) {
    config.kubernetesVersion =
      validateKubernetesVersion(v, top.kubernetesVersion) ?? config.kubernetesVersion;
  }
  if (top.failLevel !== undefined)
    config.failLevel = v.oneOf(top.failLevel, ['failLevel'], FAIL_LEVELS) ?? config.failLevel;
  if (top.limits !== undefined) validateLimits(v, top.limits, config);
  return { config, issues: v.issues };
}

/** Settings given on the command line, which win over the file. */
export interface ConfigOverrides {
  failLevel?: string;
  kubernetesVersion?: string;
  maxFileSize?: string | number;
}

/** Applies command-line overrides; issues name the option (`--fail-level`). */
export function applyOverrides(
  config: Config,
  overrides: ConfigOverrides,
): { config: Config; issues: string[] } {
  const v = new Validator();
  const out: Config = structuredClone(config);
  const issues: string[] = [];
  const check = (option: string, apply: () => void): void => {
    const before = v.issues.length;
    apply();
    for (const issue of v.issues.slice(before)) issues.push(issue.message.replace(/^\S+/, option));
  };
  if (overrides.failLevel !== undefined) {
    check('--fail-level', () => {
      out.failLevel = v.oneOf(overrides.failLevel, ['failLevel'], FAIL_LEVELS) ?? out.failLevel;
    });
  }
  if (overrides.kubernetesVersion !== undefined) {
    check('--kubernetes-version', () => {
      out.kubernetesVersion =
        validateKubernetesVersion(v, overrides.kubernetesVersion) ?? out.kubernetesVersion;
    });
  }
  if (overrides.maxFileSize !== undefined) {
    check('--max-file-size', () => {
      out.limits.maxFileSize =
        validateSize(v, overrides.maxFileSize, ['maxFileSize']) ?? out.limits.maxFileSize;
    });
  }
  return { config: out, issues };
}
