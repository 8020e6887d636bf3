// Splitting a YAML stream on its `---` lines, and where each document's content starts.
import { loadAll as jsYamlLoadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { firstContentLine, splitYamlDocuments } from '../../src/loader/split.js';

describe('splitYamlDocuments', () => {
  it('splits on lines that are a document marker, keeping line numbers', () => {
    const text = '# header\na: 1\n---\nb: 2\n--- # comment\nc: 3\n---\td: 4\n---\n';
    expect(splitYamlDocuments(text)).toEqual([
      { text: '# header\na: 1\n', line: 1 },
      { text: '---\nb: 2\n', line: 3 },
      { text: '--- # comment\nc: 3\n', line: 5 },
      { text: '---\td: 4\n', line: 7 },
      { text: '---\n', line: 8 },
    ]);
  });

  it('does not split on `---` that is not a marker', () => {
    const text = 'a: |\n  ---\n  x\nb: ---x\n---a: 1\n';
    expect(splitYamlDocuments(text)).toEqual([{ text, line: 1 }]);
  });

  it('keeps directives with the document they introduce', () => {
    const text = 'a: 1\n...\n%YAML 1.1\n---\nb: 2\n';
    const pieces = splitYamlDocuments(text);
    expect(pieces).toEqual([
      { text: 'a: 1\n...\n', line: 1 },
      { text: '%YAML 1.1\n---\nb: 2\n', line: 3 },
    ]);
    expect(pieces.flatMap((p) => jsYamlLoadAll(p.text))).toEqual(jsYamlLoadAll(text));
  });

  it('agrees with a YAML parser on the documents of a stream', () => {
    const text = 'a: 1\n---\n---\nb: |\n  text\n  --- not a marker\n---\n- x\n';
    expect(splitYamlDocuments(text).flatMap((p) => jsYamlLoadAll(p.text))).toEqual(jsYamlLoadAll(text));
  });
});

describe('firstContentLine', () => {
  it.each([
    ['apiVersion: v1\n', 1, 1],
    ['# c\n\n  # c\napiVersion: v1\n', 1, 4],
    ['---\n# c\nkind: x\n', 10, 12],
    ['--- !!map\nkind: x\n', 1, 1],
    ['%YAML 1.1\n---\nkind: x\n', 1, 3],
    ['# only a comment\n', 1, undefined],
    ['---\n', 5, undefined],
  ])('%j from line %i -> %s', (text, line, expected) => {
    expect(firstContentLine({ text, line })).toBe(expected);
  });
});
