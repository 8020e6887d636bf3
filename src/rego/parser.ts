import type { Module, ParseOptions } from './ast.js';

// Placeholder until the parser lands.
export function parseModule(_source: string, _filename = '', _options: ParseOptions = {}): Module {
  throw new Error('the Rego parser is not implemented yet');
}
