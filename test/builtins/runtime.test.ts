import { describe, expect, it } from 'vitest';
import { createHostBuiltins } from '../../src/builtins/index.js';
import { call } from './helpers.js';

describe('print, template strings, trace, opa.runtime', () => {
  it('prints the cross product of the argument values, as OPA does', () => {
    const lines: string[] = [];
    const builtins = createHostBuiltins({ print: (line) => lines.push(line) });
    // print("x", y) where y has the values 1 and 2, and z is undefined.
    expect(builtins['internal.print']([['x'], [1, 2], []])).toBe(true);
    expect(lines).toEqual(['x 1 <undefined>', 'x 2 <undefined>']);
    builtins['internal.print']([[{ a: ['é'] }]]);
    expect(lines[2]).toBe('{"a": ["é"]}');
    builtins.print('plain', 1, null);
    expect(lines[3]).toBe('plain 1 null');
  });

  it('renders template strings and rejects several outputs', () => {
    expect(call('internal.template_string', ['Hello ', ['world'], ', n=', [3]])).toBe('Hello world, n=3');
    expect(call('internal.template_string', ['x=', []])).toBe('x=<undefined>');
    expect(() => call('internal.template_string', ['x=', [1, 2]])).toThrow(
      'template-strings must not produce multiple outputs',
    );
  });

  it('accepts trace notes', () => {
    expect(call('trace', 'note')).toBe(true);
  });

  it('reports the environment in opa.runtime() only when given one', () => {
    const builtins = createHostBuiltins({ env: { HOME: '/root', EMPTY: undefined } });
    expect(builtins['opa.runtime']()).toEqual({ env: { HOME: '/root' } });
    // Without an environment handed over, nothing of the process's leaks to policies.
    expect(createHostBuiltins()['opa.runtime']()).toEqual({});
  });
});
