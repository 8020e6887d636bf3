/** TypeScript implementations of builtins the Wasm runtime calls on the host (`customBuiltins` of the SDK). */
export const hostBuiltins: Record<string, (...args: unknown[]) => unknown> = {};
