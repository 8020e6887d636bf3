// Finds the rules that produce findings, as conftest and Gatekeeper do: in
// every package, the rules named `deny`, `warn` and `violation`. Their
// `# METADATA` (title, description, related_resources, custom.id,
// custom.severity, custom.remediation...) becomes the RuleInfo that reports
// describe. Works on parsed modules only, so it needs no compiler.
import type { Annotations, Module, RegoErrorDetail, Rule, Term } from '../rego/ast.js';
import { RegoError, refToString } from '../rego/ast.js';
import { builtinRuleHelpUri } from './tool.js';
import { type RuleInfo, SEVERITIES, type Severity } from './types.js';

export const RULE_KINDS = ['deny', 'warn', 'violation'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** One `deny`, `warn` or `violation` rule of one package (all its definitions together). */
export interface PolicyRule {
  /** The rule's reference: `data.k8s.deny`. */
  ref: string;
  /** The package, dotted, without `data.`: `k8s`. */
  package: string;
  kind: RuleKind;
  /** The entrypoint that evaluates this rule alone: `k8s/deny`. */
  entrypoint: string;
  /**
   * Rule ids of its definitions (METADATA `custom.id`, else the fallback
   * `<package>.<rule>`), distinct, in source order. An element without an id
   * takes the only one, or the fallback when there are several.
   */
  ids: string[];
}

export type RuleOrigin = RuleInfo['origin'];

export interface DiscoveredRules {
  rules: PolicyRule[];
  /** RuleInfo of every id in `rules[].ids`, sorted by id. */
  catalog: RuleInfo[];
}

/** The id of a finding whose rule names none: `<package>.<rule>`. */
export function fallbackRuleId(rule: Pick<PolicyRule, 'package' | 'kind'>): string {
  return `${rule.package}.${rule.kind}`;
}

/** What a rule reports when neither the finding nor METADATA says: deny and violation fail, warn warns. */
export function defaultSeverity(kind: RuleKind): Severity {
  return kind === 'warn' ? 'warning' : 'error';
}

/** `package a.b` -> the path terms after `data` as strings (`["a", "b"]`). */
function packageSegments(module: Module): string[] {
  return module.package.path.slice(1).map((t) => (t.type === 'string' ? t.value : termText(t)));
}

function termText(t: Term): string {
  return t.type === 'var' ? t.name : refToString({ type: 'ref', terms: [t], location: t.location });
}

function ruleKind(rule: Rule): RuleKind | undefined {
  const { ref, args } = rule.head;
  const head = ref[0];
  if (ref.length !== 1 || args !== undefined || head?.type !== 'var') return undefined;
  return (RULE_KINDS as readonly string[]).includes(head.name) ? (head.name as RuleKind) : undefined;
}

/** Package-scoped METADATA: by dotted package, the blocks that apply to it (own, then inherited). */
function packageAnnotations(modules: readonly Module[]): (pkg: string[]) => Annotations[] {
  const own = new Map<string, Annotations[]>();
  const inherited = new Map<string, Annotations[]>();
  for (const module of modules) {
    const key = packageSegments(module).join('.');
    for (const block of module.annotations) {
      const target = block.scope === 'package' ? own : block.scope === 'subpackages' ? inherited : undefined;
      if (!target) continue;
      target.set(key, [...(target.get(key) ?? []), block]);
    }
  }
  return (pkg) => {
    const chain = [...(own.get(pkg.join('.')) ?? [])];
    for (let n = pkg.length; n >= 0; n--) chain.push(...(inherited.get(pkg.slice(0, n).join('.')) ?? []));
    return chain;
  };
}

/** The first value of `pick` along an annotation chain (rule first, then package, then ancestors). */
function first<T>(chain: readonly Annotations[], pick: (a: Annotations) => T | undefined): T | undefined {
  for (const block of chain) {
    const value = pick(block);
    if (value !== undefined) return value;
  }
  return undefined;
}

const customField = (name: string) => (a: Annotations) => a.custom?.[name];
const asString = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** A short kebab name for SARIF (`Privileged pod without sandbox` -> `privileged-pod-without-sandbox`). */
function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 8)
    .join('-');
}

interface RuleInfoInput {
  id: string;
  kind: RuleKind;
  ref: string;
  chain: readonly Annotations[];
  origin: RuleOrigin;
  errors: RegoErrorDetail[];
}

function ruleInfo({ id, kind, ref, chain, origin, errors }: RuleInfoInput): RuleInfo {
  const title = first(chain, (a) => asString(a.title));
  const description = first(chain, (a) => asString(a.description));
  const declared = first(chain, (a) => (a.custom?.severity === undefined ? undefined : a));
  let severity = defaultSeverity(kind);
  if (declared) {
    const value = declared.custom?.severity;
    if (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)) {
      severity = value as Severity;
    } else {
      errors.push({
        code: 'rego_metadata_error',
        message: `custom.severity must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(value)}`,
        location: declared.location,
      });
    }
  }
  const related = first(chain, (a) =>
    a.relatedResources && a.relatedResources.length > 0 ? a.relatedResources.map((r) => r.ref) : undefined,
  );
  const tags = first(chain, (a) => {
    const value = a.custom?.tags;
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : undefined;
  });
  const info: RuleInfo = {
    id,
    name: asString(first(chain, customField('name'))) ?? ((title ? kebab(title) : '') || kebab(id) || id),
    title: title ?? id,
    description: description ?? title ?? `Reported by the policy rule ${ref}.`,
    severity,
    origin,
    policyRef: ref,
  };
  const remediation = asString(first(chain, customField('remediation')));
  if (remediation) info.remediation = remediation;
  const helpUri =
    origin === 'builtin'
      ? builtinRuleHelpUri(id)
      : (asString(first(chain, customField('help_uri'))) ?? related?.[0]);
  if (helpUri) info.helpUri = helpUri;
  if (related) info.relatedResources = related;
  if (tags && tags.length > 0) info.tags = tags;
  return info;
}

/**
 * The deny/warn/violation rules of `modules` and the RuleInfo of each id they
 * can report. Throws a RegoError (code `rego_metadata_error`, with the block's
 * location) when METADATA gives an invalid `custom.severity` or `custom.id`.
 */
export function discoverRules(modules: readonly Module[], origin: RuleOrigin): DiscoveredRules {
  const annotationsOf = packageAnnotations(modules);
  const rules = new Map<string, PolicyRule>();
  const catalog = new Map<string, RuleInfo>();
  const errors: RegoErrorDetail[] = [];
  for (const module of modules) {
    const pkg = packageSegments(module);
    const pkgChain = annotationsOf(pkg);
    for (const definition of module.rules) {
      const kind = ruleKind(definition);
      if (!kind) continue;
      const ref = refToString({
        type: 'ref',
        terms: [...module.package.path, { type: 'string', value: kind, location: definition.location }],
        location: definition.location,
      });
      let rule = rules.get(ref);
      if (!rule) {
        rule = { ref, package: pkg.join('.'), kind, entrypoint: [...pkg, kind].join('/'), ids: [] };
        rules.set(ref, rule);
      }
      const chain = [...definition.annotations, ...pkgChain];
      const declaredId = first(chain, (a) => (a.custom?.id === undefined ? undefined : a));
      let id = fallbackRuleId(rule);
      if (declaredId) {
        const value = asString(declaredId.custom?.id);
        if (value === undefined) {
          errors.push({
            code: 'rego_metadata_error',
            message: `custom.id must be a non-empty string, not ${JSON.stringify(declaredId.custom?.id)}`,
            location: declaredId.location,
          });
        } else id = value;
      }
      if (!rule.ids.includes(id)) rule.ids.push(id);
      if (!catalog.has(id)) catalog.set(id, ruleInfo({ id, kind, ref, chain, origin, errors }));
    }
  }
  if (errors.length > 0) throw new RegoError(errors);
  return {
    rules: [...rules.values()].sort((a, b) => compareText(a.ref, b.ref)),
    catalog: [...catalog.values()].sort((a, b) => compareText(a.id, b.id)),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
