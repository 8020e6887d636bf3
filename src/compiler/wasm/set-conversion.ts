// Host builtins receive and return values as JSON, where a set is an array.
// When the catalog declares a host result as a set, the generated code turns
// the array the host returned back into a set (see BuiltinLinker).
import type { Emitter, Expr } from './emitter.js';
import { TypeCode } from './runtime-abi.js';

export class SetConversions {
  private name: string | undefined;

  constructor(private readonly e: Emitter) {}

  /** The functions generated so far. */
  functionNames(): string[] {
    return this.name ? [this.name] : [];
  }

  /** `value` (an i32 value expression), an array turned into the set of its elements. */
  arrayToSet(value: Expr): Expr {
    return this.e.m.call(this.function(), [value], this.e.i32);
  }

  private function(): string {
    if (this.name) return this.name;
    const { e } = this;
    const { m, i32 } = e;
    this.name = e.uniqueName('array_to_set');
    // (param $v) (local $set $length $position)
    const V = 0;
    const SET = 1;
    const LENGTH = 2;
    const POSITION = 3;
    const get = (i: number) => m.local.get(i, i32);
    const loop = e.uniqueName('loop');
    const done = e.uniqueName('done');
    m.addFunction(
      this.name,
      i32,
      i32,
      [i32, i32, i32],
      m.block(
        null,
        [
          // Undefined and non-arrays (the host broke the declared type) pass through.
          m.if(m.i32.eqz(get(V)), m.return(get(V))),
          m.if(m.i32.ne(e.call('opa_value_type', [get(V)]), e.const(TypeCode.array)), m.return(get(V))),
          m.local.set(SET, e.call('opa_set', [])),
          m.local.set(LENGTH, e.call('opa_value_length', [get(V)])),
          m.block(done, [
            m.loop(
              loop,
              m.block(null, [
                m.br(done, m.i32.ge_u(get(POSITION), get(LENGTH))),
                e.call('opa_set_add', [get(SET), e.call('opa_value_value_at', [get(V), get(POSITION)])]),
                m.local.set(POSITION, m.i32.add(get(POSITION), e.const(1))),
                m.br(loop),
              ]),
            ),
          ]),
          get(SET),
        ],
        i32,
      ),
    );
    return this.name;
  }
}
