// Every rule a run can report (rtpolicy's own RTP rules, then the rules of
// each policy set), with rtpolicy.yaml's `rules` settings applied: a rule
// turned off reports nothing and is left out of the report; a severity set
// there wins over the policy's. Ids that a policy reports without
// describing them (an element's own `id`) get a RuleInfo made up from what
// is known.
import type { RuleSetting } from '../config/types.js';
import { defaultSeverity, type PolicyRule } from './policy-rules.js';
import { RTPOLICY_RULES, type RuleInfo, type Severity } from './types.js';

export class RuleCatalog {
  private readonly rules = new Map<string, RuleInfo>();
  /** Ids described by `ensure`, not by a policy. */
  private readonly madeUp = new Set<string>();

  constructor(private readonly settings: Readonly<Record<string, RuleSetting>> = {}) {
    this.add(RTPOLICY_RULES);
  }

  /** Adds rules; an id already known keeps its first description. */
  add(rules: readonly RuleInfo[]): void {
    for (const rule of rules) if (!this.rules.has(rule.id)) this.rules.set(rule.id, rule);
  }

  /** False when rtpolicy.yaml turns the rule off. */
  enabled(id: string): boolean {
    return this.settings[id]?.enabled ?? true;
  }

  /** The severity of a finding: the configured one, else the finding's own, else the rule's. */
  severity(id: string, own?: Severity): Severity {
    return this.settings[id]?.severity ?? own ?? this.rules.get(id)?.severity ?? 'error';
  }

  /**
   * Makes sure `id` is described, from the policy rule that reported it when
   * the policy did not describe it. When several rules report an undescribed
   * id, the description is that of the first by rule ref, whatever the order
   * of evaluation (worker threads report in any order).
   */
  ensure(id: string, rule: PolicyRule, origin: RuleInfo['origin'], title?: string): void {
    if (this.rules.has(id) && !this.madeUp.has(id)) return;
    this.adopt({
      id,
      name: id,
      title: title ?? id,
      description: `Reported by the policy rule ${rule.ref}.`,
      severity: defaultSeverity(rule.kind),
      origin,
      policyRef: rule.ref,
    });
  }

  /** Adds a description made up by `ensure` (here or in another thread's catalog). */
  adopt(info: RuleInfo): void {
    const existing = this.rules.get(info.id);
    if (existing && !this.madeUp.has(info.id)) return;
    if (existing && compareMadeUp(existing, info) <= 0) return;
    this.rules.set(info.id, info);
    this.madeUp.add(info.id);
  }

  /** The descriptions `ensure` made up. */
  madeUpRules(): RuleInfo[] {
    return [...this.madeUp].map((id) => this.rules.get(id) as RuleInfo);
  }

  /** The enabled rules, sorted by id, each with its configured severity. */
  list(): RuleInfo[] {
    return [...this.rules.values()]
      .filter((rule) => this.enabled(rule.id))
      .map((rule) => {
        const severity = this.settings[rule.id]?.severity;
        return severity && severity !== rule.severity ? { ...rule, severity } : rule;
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

function compareMadeUp(a: RuleInfo, b: RuleInfo): number {
  const key = (r: RuleInfo) => `${r.policyRef ?? ''}\u0000${r.title}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
