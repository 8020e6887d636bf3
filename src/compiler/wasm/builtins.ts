// How a builtin call is linked: to the runtime's native implementation
// (`builtin_<name>`), or to the host through `opa_builtinN` with an id listed
// in the module's `builtins()` table, as OPA's own modules do.
import { type BuiltinType, getBuiltin } from '../../builtins/catalog.js';
import { hostCallName, usesExactValues } from '../../builtins/host.js';
import { isHostBuiltin } from '../../builtins/modules.js';
import { fastPathExport, MAX_HOST_BUILTIN_ARITY, nativeBuiltinExport } from './runtime-abi.js';
import type { FunctionRef } from './runtime-module.js';

export type BuiltinBinding =
  | { kind: 'native'; fn: FunctionRef }
  | {
      kind: 'host';
      id: number;
      /**
       * Values cross to the host as JSON, where sets become arrays: a result
       * declared as a set comes back as an array to turn into a set.
       */
      setResult: boolean;
      /** The builtin produces no value (`print`): a call that returns is true. */
      noResult: boolean;
      /**
       * Arguments and result cross as Rego value text, which keeps sets,
       * non-string keys and big integers (src/builtins/exact.ts).
       */
      exact: boolean;
      /** The runtime's fast path (same arguments; 0: call the host), if it has one. */
      fastPath?: FunctionRef;
    };

/** Why a builtin call cannot be linked; the caller reports it at the call's location. */
export class BuiltinLinkError extends Error {}

export class BuiltinLinker {
  private readonly hostIds = new Map<string, number>();

  constructor(private readonly nativeExport: (exportName: string) => FunctionRef | undefined) {}

  link(name: string, arity: number): BuiltinBinding {
    const decl = getBuiltin(name);
    if (decl && (decl.variadic ? arity < decl.args.length : arity !== decl.args.length)) {
      throw new BuiltinLinkError(
        `${name}: arity mismatch: takes ${decl.args.length} arguments, called with ${arity}`,
      );
    }
    const native = this.nativeExport(nativeBuiltinExport(name));
    if (native) {
      if (native.params.length !== arity) {
        throw new Error(
          `internal error: runtime.wasm's ${nativeBuiltinExport(name)} takes ${native.params.length} arguments, not ${arity}`,
        );
      }
      return { kind: 'native', fn: native };
    }
    if (!decl) throw new BuiltinLinkError(`undefined function ${name}`);
    // A builtin of OPA's that neither the runtime nor the host implements
    // would fail on every evaluation: refuse it here, at the call.
    if (!isHostBuiltin(name)) {
      throw new BuiltinLinkError(
        `${name} is not supported by rtpolicy: neither its Wasm runtime nor its host builtins implement it (docs/builtins.md lists why)`,
      );
    }
    if (arity > MAX_HOST_BUILTIN_ARITY) {
      throw new BuiltinLinkError(
        `${name}: builtins with more than ${MAX_HOST_BUILTIN_ARITY} arguments are not supported in Wasm`,
      );
    }
    // The SDK's own sprintf, regex.split... would shadow ours: those are listed as rtpolicy.<name>.
    const hostName = hostCallName(name);
    let id = this.hostIds.get(hostName);
    if (id === undefined) {
      id = this.hostIds.size;
      this.hostIds.set(hostName, id);
    }
    const exact = usesExactValues(name);
    const fastPath = this.nativeExport(fastPathExport(name));
    if (fastPath && fastPath.params.length !== arity) {
      throw new Error(
        `internal error: runtime.wasm's ${fastPathExport(name)} takes ${fastPath.params.length} arguments, not ${arity}`,
      );
    }
    return {
      kind: 'host',
      id,
      // Exact results keep their sets: nothing to restore.
      setResult: !exact && isSetResult(name, decl.result),
      noResult: decl.result === undefined,
      exact,
      ...(fastPath ? { fastPath } : {}),
    };
  }

  /** The `builtins()` table: host name -> id, in id order. */
  table(): Record<string, number> {
    return Object.fromEntries(this.hostIds);
  }
}

/**
 * True when a host result of the declared type is a set (or a number or set,
 * like `minus`): an array then stands for a set. Sets nested in other values,
 * or a result that may also be an array, could not be restored from JSON; no
 * catalog builtin declares such a result, and one that did is refused here.
 */
function isSetResult(name: string, type: BuiltinType | undefined): boolean {
  if (!containsSet(type)) return false;
  const alternatives = typeof type === 'object' && 'anyOf' in type ? type.anyOf : [type as BuiltinType];
  const restorable = alternatives.every(
    (t) =>
      (typeof t === 'string' && t !== 'any') || (typeof t === 'object' && 'set' in t && !containsSet(t.set)),
  );
  if (!restorable) {
    throw new Error(`internal error: host builtin ${name}'s result type cannot be restored from JSON`);
  }
  return true;
}

export function containsSet(t: BuiltinType | undefined): boolean {
  if (t === undefined || typeof t === 'string') return false;
  if ('set' in t) return true;
  if ('array' in t) return containsSet(t.array);
  if ('tuple' in t) return t.tuple.some(containsSet);
  if ('object' in t) return containsSet(t.object[1]);
  return t.anyOf.some(containsSet);
}
