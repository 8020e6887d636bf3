// The Rego front end: lexer, parser and METADATA annotations.
export type * from './ast.js';
export { formatRegoError, RegoError } from './ast.js';
export { tokenize } from './lexer.js';
export { parseBody, parseModule, parseModules, parseTerm } from './parser.js';
