// Fresh variable names for the compiler's rewrites (`__local0__`, ...), never
// colliding with a name the policy uses.

import type { Module } from '../../rego/ast.js';
import { LOCAL_VAR_PREFIX } from './terms.js';
import { collectVars } from './walk.js';

const GENERATED = /^__local(\d+)__$/;

export class VarGenerator {
  private next = 0;

  constructor(private readonly taken: ReadonlySet<string>) {}

  /** A generator that avoids every variable name appearing in `modules`. */
  static forModules(modules: readonly Module[]): VarGenerator {
    const taken = new Set<string>();
    for (const m of modules) {
      for (const rule of m.rules) {
        for (let r: typeof rule | undefined = rule; r; r = r.else) {
          collectVars([...r.head.ref, ...(r.head.args ?? [])], {}, taken);
          if (r.head.key) collectVars(r.head.key, {}, taken);
          if (r.head.value) collectVars(r.head.value, {}, taken);
          collectVars(r.body, {}, taken);
        }
      }
    }
    return new VarGenerator(taken);
  }

  generate(): string {
    for (;;) {
      const name = `${LOCAL_VAR_PREFIX}${this.next++}__`;
      if (!this.taken.has(name)) return name;
    }
  }

  /** True for a name this generator produced. */
  isGenerated(name: string): boolean {
    const m = GENERATED.exec(name);
    return m !== null && Number(m[1]) < this.next && !this.taken.has(name);
  }
}
