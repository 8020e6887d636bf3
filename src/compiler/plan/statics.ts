// The policy's static tables: string constants, source file names and the
// builtins it calls. Each entry is stored once and referred to by index.

import type * as ir from '../ir.js';

export class StaticTables {
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  private readonly builtins = new Map<string, ir.BuiltinRef>();

  /** The index of a string constant. */
  string(value: string): number {
    let index = this.stringIndex.get(value);
    if (index === undefined) {
      index = this.strings.push(value) - 1;
      this.stringIndex.set(value, index);
    }
    return index;
  }

  /** The index of a source file name. */
  file(name: string): number {
    let index = this.fileIndex.get(name);
    if (index === undefined) {
      index = this.files.push(name) - 1;
      this.fileIndex.set(name, index);
    }
    return index;
  }

  /** Records that the policy calls builtin `name` with `arity` arguments. */
  builtin(name: string, arity: number): void {
    if (!this.builtins.has(name)) this.builtins.set(name, { name, arity });
  }

  toStatic(): ir.Policy['static'] {
    const builtins = [...this.builtins.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    return { strings: [...this.strings], builtins, files: [...this.files] };
  }
}
