import { describe, expect, it } from 'vitest';
import type { Annotations } from '../../src/rego/ast.js';
import { parse, parseErrors, shape } from './helpers.js';

const without = ({ location: _, ...rest }: Annotations) => rest;

describe('METADATA annotations', () => {
  it('reads every field', () => {
    const m = parse(`package p

# METADATA
# title: No privileged containers
# description: |
#   Privileged pods must use a sandboxed runtime.
# organizations:
# - Acme
# related_resources:
# - https://kubernetes.io/docs/concepts/security/
# - ref: https://example.com/runtime
#   description: Runtime classes
# authors:
# - Jane Doe <jane@example.com>
# - <ops@example.com>
# - name: Bob
#   email: bob@example.com
# schemas:
#   - input: schema.pod
#   - data.config: {"type": "object"}
# entrypoint: true
# custom:
#   id: RT001
#   severity: error
#   tags: [a, b]
#   nested: {level: 2}
deny contains "x" if true
`);
    expect(m.annotations.map((a) => shape(a))).toEqual([
      {
        type: 'annotations',
        scope: 'document',
        title: 'No privileged containers',
        description: 'Privileged pods must use a sandboxed runtime.\n',
        organizations: ['Acme'],
        relatedResources: [
          { ref: 'https://kubernetes.io/docs/concepts/security/' },
          { ref: 'https://example.com/runtime', description: 'Runtime classes' },
        ],
        authors: [
          { name: 'Jane Doe', email: 'jane@example.com' },
          { email: 'ops@example.com' },
          { name: 'Bob', email: 'bob@example.com' },
        ],
        schemas: [
          {
            path: [{ type: 'var', name: 'input' }],
            schema: [
              { type: 'var', name: 'schema' },
              { type: 'string', value: 'pod' },
            ],
          },
          {
            path: [
              { type: 'var', name: 'data' },
              { type: 'string', value: 'config' },
            ],
            definition: { type: 'object' },
          },
        ],
        entrypoint: true,
        custom: { id: 'RT001', severity: 'error', tags: ['a', 'b'], nested: { level: 2 } },
      },
    ]);
    // Schema refs are located at the block.
    expect(m.annotations[0].schemas![0].path[0].location).toMatchObject({ row: 3, col: 1 });
    expect(m.annotations[0].location).toMatchObject({ file: 'test.rego', row: 3, col: 1 });
    expect(m.rules[0].annotations).toEqual([m.annotations[0]]);
  });

  it('infers the scope from the statement below and attaches blocks as OPA does', () => {
    const m = parse(`# METADATA
# title: The package
package p

# METADATA
# title: first allow

allow if input.a

allow if input.b

# METADATA
# scope: document
# title: all of q
q := 1 if input.x

# METADATA
# title: second q
q := 2 if input.y
`);
    expect(m.annotations.map((a) => [a.scope, a.title])).toEqual([
      ['package', 'The package'],
      ['rule', 'first allow'],
      ['document', 'all of q'],
      ['rule', 'second q'],
    ]);
    const titles = m.rules.map((r) => r.annotations.map((a) => a.title));
    expect(titles).toEqual([['first allow'], [], ['all of q'], ['all of q', 'second q']]);
  });

  it('reads numbers and booleans in string fields as text, and accepts OPA compile hints', () => {
    const m = parse(
      'package p\n# METADATA\n# title: 2024\n# description: true\n# compile:\n#   unknowns: [input.x]\np := 1',
    );
    expect([m.annotations[0].title, m.annotations[0].description]).toEqual(['2024', 'true']);
  });

  it('reads YAML 1.2: yes and dates stay strings', () => {
    const m = parse('package p\n# METADATA\n# custom:\n#   enabled: yes\n#   since: 2024-01-01\np := 1');
    expect(m.annotations[0].custom).toEqual({ enabled: 'yes', since: '2024-01-01' });
  });

  it('rejects values that YAML aliases blow up', () => {
    // Each level holds five references to the previous one: 10 * 5^6 leaves.
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg']) {
      levels.push(`${name}: &${name} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    const source = `package p\n# METADATA\n# custom:\n${levels.map((l) => `#   ${l}`).join('\n')}\np := 1`;
    expect(parseErrors(source)).toEqual(['3:3: custom is too large (more than 10000 values)']);
  });

  it('ends a block at the first line that is not a column-1 comment', () => {
    const m = parse('package p\n# METADATA\n# title: t\n\n# description: not part of it\np := 1');
    expect(m.annotations.map(without)).toEqual([{ type: 'annotations', scope: 'rule', title: 't' }]);
  });

  it('reports invalid YAML at its line', () => {
    expect(parseErrors('package p\n# METADATA\n# title: x\n# custom: [a\np := 1')).toEqual([
      '4:3: yaml: line 2: unexpected end of the stream within a flow collection',
    ]);
    expect(parseErrors('package p\n# METADATA\n# title: a\n# title: b\np := 1')).toEqual([
      '4:3: yaml: line 2: duplicated mapping key',
    ]);
  });

  it('rejects unknown fields, bad values and empty blocks', () => {
    expect(parseErrors('package p\n# METADATA\n# titel: x\np := 1')).toEqual([
      '3:3: unknown METADATA field "titel" (known fields: scope, title, description, organizations, related_resources, authors, schemas, entrypoint, custom, compile)',
    ]);
    expect(parseErrors('package p\n# METADATA\n# title: [x]\np := 1')).toEqual([
      '3:3: title must be a string',
    ]);
    expect(parseErrors('package p\n# METADATA\n# entrypoint: yes\np := 1')).toEqual([
      '3:3: entrypoint must be true or false',
    ]);
    expect(parseErrors('package p\n# METADATA\n# related_resources:\n# - description: x\np := 1')).toEqual([
      "3:3: invalid related-resource definition: 'ref' value required in object",
    ]);
    expect(parseErrors('package p\n# METADATA\n# authors: [{email: ""}]\np := 1')).toEqual([
      "3:3: invalid author definition: 'name' and/or 'email' values required in object",
    ]);
    expect(parseErrors('package p\n# METADATA\n# schemas:\n# - input: foo.bar\np := 1')).toEqual([
      '3:3: invalid schema reference "foo.bar"',
    ]);
    expect(parseErrors('package p\n# METADATA\n#\np := 1')).toEqual([
      '2:1: expected METADATA block, found whitespace',
    ]);
    expect(parseErrors('package p\n# METADATA\n# just text\np := 1')).toEqual([
      '2:1: METADATA must be a YAML mapping of fields (title, description, ...)',
    ]);
  });

  it('rejects scopes that do not fit the statement below', () => {
    expect(parseErrors('package p\n# METADATA\n# scope: package\np := 1')).toEqual([
      "2:1: annotation scope 'package' must be applied to package (have rule)",
    ]);
    expect(parseErrors('# METADATA\n# scope: rule\npackage p')).toEqual([
      "1:1: annotation scope 'rule' must be applied to rule (have package)",
    ]);
    expect(parseErrors('package p\n# METADATA\n# scope: everything\np := 1')).toEqual([
      "3:3: invalid annotation scope 'everything'. Use one of 'rule', 'document', 'package', or 'subpackages'",
    ]);
    expect(parseErrors('package p\n# METADATA\n# title: x\nimport data.y')).toEqual([
      "2:1: invalid annotation scope 'import'. Use one of 'rule', 'document', 'package', or 'subpackages'",
    ]);
    expect(parseErrors('package p\np := 1\n# METADATA\n# title: dangling')).toEqual([
      "3:1: invalid annotation scope ''. Use one of 'rule', 'document', 'package', or 'subpackages' (hint: no package or rule follows this METADATA block)",
    ]);
    expect(parseErrors('package p\n# METADATA\n# scope: rule\n# entrypoint: true\np := 1')).toEqual([
      "2:1: annotation entrypoint applied to non-document or package scope 'rule'",
    ]);
  });

  it('accepts subpackages scope on a package', () => {
    const m = parse('# METADATA\n# scope: subpackages\n# title: all\npackage a.b');
    expect(m.annotations[0].scope).toBe('subpackages');
  });
});

describe('comments', () => {
  it('keeps every comment on the module', () => {
    const m = parse(
      '# head\npackage p # after package\n\np if {\n  # inside\n  true\n}\n# METADATA\n# title: t\nq := 1',
    );
    expect(m.comments.map((c) => [c.location.row, c.location.col, c.text])).toEqual([
      [1, 1, ' head'],
      [2, 11, ' after package'],
      [5, 3, ' inside'],
      [8, 1, ' METADATA'],
      [9, 1, ' title: t'],
    ]);
  });
});
