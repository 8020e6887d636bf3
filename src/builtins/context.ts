// What host builtins share across calls: the clock, the print sink, and a
// cache that lives for one evaluation. OPA keeps `time.now_ns`, `rand.intn`
// and `uuid.rfc4122` stable within a query; the SDK evaluates synchronously
// and gives the host no hook at evaluation boundaries, so the cache is
// dropped at the next microtask checkpoint, i.e. after the synchronous
// evaluation that filled it.

export interface RuntimeOptions {
  /** The clock for time.now_ns: nanoseconds since the epoch. Default: the system clock, read once per evaluation. */
  now?: () => bigint;
  /** Output of print() (default: standard error, as `opa eval` prints). */
  print?: (line: string) => void;
  /**
   * Environment reported by opa.runtime() as `{env}`. Without it opa.runtime()
   * is `{}`, as in OPA embedded without runtime information: policies do not
   * get to read the process environment (CI tokens included) unless the
   * embedder hands it over.
   */
  env?: Record<string, string | undefined>;
}

/** A cache cleared after the current synchronous evaluation. */
export class EvaluationCache<K, V> {
  private entries: Map<K, V> | undefined;

  get(key: K, compute: () => V): V {
    if (!this.entries) {
      this.entries = new Map();
      queueMicrotask(() => {
        this.entries = undefined;
      });
    }
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute();
      this.entries.set(key, value);
    }
    return value;
  }
}
