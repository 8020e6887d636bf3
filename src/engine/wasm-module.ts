// The one part of the WebAssembly JavaScript API the engine calls itself:
// compiling a module once, so that worker threads instantiate the same
// compiled module. (The ES library typings have no WebAssembly namespace;
// Node provides the global.)

/** A compiled `WebAssembly.Module`: opaque here, cloneable to worker threads, accepted by the opa-wasm SDK. */
export type WasmModule = object & { readonly __brand: 'WebAssembly.Module' };

const WebAssemblyApi = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }
).WebAssembly;

export function compileWasmModule(bytes: Uint8Array): Promise<WasmModule> {
  return WebAssemblyApi.compile(bytes);
}
