export interface CompileWasmOptions {
  modules: { filename: string; source: string }[];
  entrypoints: string[];
  regoVersion?: 'v0' | 'v1';
}

// Placeholder until the compiler lands.
export async function compileWasm(_options: CompileWasmOptions): Promise<Uint8Array> {
  throw new Error('the Rego compiler is not implemented yet');
}
