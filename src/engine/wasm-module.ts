// The parts of the WebAssembly JavaScript API the engine calls itself:
// compiling a module once, so that worker threads instantiate the same
// compiled module, and reading which host builtins a module calls. (The ES
// library typings have no WebAssembly namespace; Node provides the global.)

/** A compiled `WebAssembly.Module`: opaque here, cloneable to worker threads, accepted by the opa-wasm SDK. */
export type WasmModule = object & { readonly __brand: 'WebAssembly.Module' };

interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

type ExportedFunction = (...args: number[]) => number;

const WebAssemblyApi = (
  globalThis as unknown as {
    WebAssembly: {
      compile(bytes: Uint8Array): Promise<WasmModule>;
      Memory: new (descriptor: { initial: number }) => WasmMemory;
      Instance: new (
        module: WasmModule,
        imports: Record<string, Record<string, unknown>>,
      ) => { exports: Record<string, unknown> };
    };
  }
).WebAssembly;

export function compileWasmModule(bytes: Uint8Array): Promise<WasmModule> {
  return WebAssemblyApi.compile(bytes);
}

/** The SDK's default memory: 5 pages. */
const SDK_INITIAL_PAGES = 5;

/**
 * The names in a module's `builtins()` table (OPA's ABI): the builtins it
 * calls on the host, as the SDK will look them up. Read from an instance of
 * its own with imports that do nothing; undefined when the module does not
 * instantiate that way, and the caller must then assume any builtin.
 */
export function calledHostBuiltins(module: WasmModule): string[] | undefined {
  try {
    const memory = new WebAssemblyApi.Memory({ initial: SDK_INITIAL_PAGES });
    const refuse = () => {
      throw new Error('not evaluated here');
    };
    const env: Record<string, unknown> = { memory, opa_abort: refuse, opa_println: () => {} };
    for (let arity = 0; arity <= 4; arity++) env[`opa_builtin${arity}`] = refuse;
    const { exports } = new WebAssemblyApi.Instance(module, { env });
    const table = (exports.builtins as ExportedFunction)();
    const text = (exports.opa_json_dump as ExportedFunction)(table);
    const bytes = new Uint8Array(memory.buffer);
    const end = bytes.indexOf(0, text);
    const names = JSON.parse(Buffer.from(bytes.subarray(text, end)).toString('utf8')) as unknown;
    return names !== null && typeof names === 'object' ? Object.keys(names) : undefined;
  } catch {
    return undefined;
  }
}
