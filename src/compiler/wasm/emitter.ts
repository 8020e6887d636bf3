// Module-wide state shared by the function compilers: the binaryen module,
// runtime calls by export name, constants built once at instantiation, the
// static data segment and the host imports.
import type binaryen from 'binaryen';
import { HOST_FUNCTION_IMPORTS, RUNTIME_FUNCTIONS, type RuntimeFunction } from './runtime-abi.js';
import type { RuntimeModule } from './runtime-module.js';
import type { StaticData } from './static-data.js';

export type Expr = binaryen.ExpressionRef;
export type HostImport = keyof typeof HOST_FUNCTION_IMPORTS;

export class Emitter {
  readonly b: typeof binaryen;
  readonly m: binaryen.Module;
  readonly i32: number;
  readonly constants: ConstantPool;
  private readonly hostImports = new Map<HostImport, string>();
  private nameCounter = 0;

  constructor(
    readonly runtime: RuntimeModule,
    readonly data: StaticData,
  ) {
    this.b = runtime.binaryen;
    this.m = runtime.module;
    this.i32 = this.b.i32;
    this.constants = new ConstantPool(this);
  }

  /** A call of a runtime export by its contract name. */
  call(name: RuntimeFunction, args: Expr[]): Expr {
    const fn = this.runtime.function(name);
    const sig = RUNTIME_FUNCTIONS[name];
    return this.m.call(fn.internal, args, sig.result ? this.i32 : this.b.none);
  }

  /** A call of an `env` function the SDK provides, importing it on first use. */
  callHost(name: HostImport, args: Expr[]): Expr {
    const sig = HOST_FUNCTION_IMPORTS[name];
    let internal = this.hostImports.get(name) ?? this.runtime.imports.get(`env.${name}`)?.internal;
    if (!internal) {
      internal = this.uniqueName(`env.${name}`);
      this.m.addFunctionImport(
        internal,
        'env',
        name,
        this.b.createType(sig.params.map(() => this.i32)),
        sig.result ? this.i32 : this.b.none,
      );
    }
    this.hostImports.set(name, internal);
    return this.m.call(internal, args, sig.result ? this.i32 : this.b.none);
  }

  /** A function or label name that cannot clash with the runtime's. */
  uniqueName(hint: string): string {
    return `policy$${hint}$${this.nameCounter++}`;
  }

  const(value: number): Expr {
    return this.m.i32.const(value);
  }
}

/**
 * Values that never change (string constants, booleans, null, numbers, `with`
 * paths) are built once by the start function and kept in globals: they lie
 * below the heap pointer the SDK saves after loading, so every evaluation
 * shares them and none allocates them again.
 */
export class ConstantPool {
  private readonly globals = new Map<string, string>();
  private readonly inits: Expr[] = [];

  constructor(private readonly e: Emitter) {}

  string(text: string): Expr {
    return this.constant(`s:${text}`, () => {
      const bytes = this.e.data.utf8(text);
      return this.e.call('opa_string', [this.e.const(bytes.ptr), this.e.const(bytes.len)]);
    });
  }

  boolean(value: boolean): Expr {
    return this.constant(`b:${value}`, () => this.e.call('opa_boolean', [this.e.const(value ? 1 : 0)]));
  }

  null(): Expr {
    return this.constant('null', () => this.e.call('opa_null', []));
  }

  numberInt(value: number): Expr {
    return this.constant(`i:${value}`, () =>
      this.e.call('opa_number_int', [this.e.m.i64.const(BigInt(value))]),
    );
  }

  /** A number from its literal text (big integers, decimals, exponents stay exact). */
  numberRef(text: string): Expr {
    return this.constant(`n:${text}`, () => {
      const bytes = this.e.data.utf8(text);
      return this.e.call('opa_number_ref', [this.e.const(bytes.ptr), this.e.const(bytes.len)]);
    });
  }

  /** An array of string values (a `with` target path). */
  stringArray(items: string[]): Expr {
    const elements = items.map((s) => this.string(s));
    return this.constant(`a:${JSON.stringify(items)}`, (array) => [
      this.e.call('opa_array_with_cap', [this.e.const(items.length)]),
      ...elements.map((element) => this.e.call('opa_array_append', [array(), element])),
    ]);
  }

  /** The expressions that build every constant, in dependency order, for the start function. */
  initializers(): Expr[] {
    return this.inits;
  }

  /**
   * The global holding the constant `key`, built on first use by `build`:
   * its value, or the value followed by statements that may read the global.
   */
  private constant(key: string, build: (self: () => Expr) => Expr | [Expr, ...Expr[]]): Expr {
    let global = this.globals.get(key);
    if (!global) {
      const name = this.e.uniqueName('const');
      const self = () => this.e.m.global.get(name, this.e.i32);
      this.e.m.addGlobal(name, this.e.i32, true, this.e.const(0));
      const built = build(self);
      const [value, ...after] = Array.isArray(built) ? built : [built];
      this.inits.push(this.e.m.global.set(name, value), ...after);
      this.globals.set(key, name);
      global = name;
    }
    return this.e.m.global.get(global, this.e.i32);
  }
}
