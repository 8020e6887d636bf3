import { describe, expect, it } from 'vitest';
import { compiledRules } from './helpers.js';

describe('rego.metadata', () => {
  it('answers rego.metadata.rule() with the closest rule annotation', () => {
    const src = [
      '# METADATA',
      '# description: pkg',
      'package a',
      '',
      '# METADATA',
      '# title: T',
      '# authors:',
      '# - Ann <ann@example.com>',
      'p := x if {',
      '\tx := rego.metadata.rule()',
      '}',
    ].join('\n');
    expect(compiledRules(src)[0]).toBe(
      'p = L1 { eq(L2, {"scope": "rule", "title": "T", "authors": [{"name": "Ann", "email": "ann@example.com"}]}); eq(L3, L2); eq(L1, L3) }',
    );
  });

  it('answers rego.metadata.chain() with rule, document, package and subpackages annotations', () => {
    const src = ['# METADATA', '# scope: subpackages', '# title: root', 'package a'].join('\n');
    const src2 = [
      '# METADATA',
      '# description: pkg',
      'package a.b',
      '',
      '# METADATA',
      '# scope: document',
      '# title: doc',
      'p := 1 if false',
      '',
      'p := rego.metadata.chain()',
    ].join('\n');
    const rules = compiledRules([src, src2]);
    expect(rules[1]).toBe(
      'p = L1 { eq(L2, [{"path": ["a", "b", "p"]}, {"path": ["a", "b", "p"], "annotations": {"scope": "document", "title": "doc"}}, {"path": ["a", "b"], "annotations": {"scope": "package", "description": "pkg"}}, {"path": ["a"], "annotations": {"scope": "subpackages", "title": "root"}}]); true; eq(L1, L2) }',
    );
  });

  it('gives an empty object when the rule has no annotation', () => {
    expect(compiledRules('package a\np := rego.metadata.rule()')[0]).toBe(
      'p = L1 { eq(L2, {}); true; eq(L1, L2) }',
    );
  });
});
