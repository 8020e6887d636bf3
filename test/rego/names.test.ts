import { describe, expect, it } from 'vitest';
import { NameTable } from '../../src/rego/names.js';

describe('NameTable', () => {
  it('returns the text, sharing one string per distinct name', () => {
    const source = 'input spec input inp input';
    const names = new NameTable(source);
    const first = names.get(0, 5);
    expect(first).toBe('input');
    expect(names.get(11, 16)).toBe('input');
    expect(names.get(17, 20)).toBe('inp');
    expect(names.get(6, 10)).toBe('spec');
  });

  it('keeps every name distinct as the table grows', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `n${i.toString(36)}`);
    const source = words.join(' ');
    const names = new NameTable(source);
    let offset = 0;
    const seen: string[] = [];
    for (const w of words) {
      seen.push(names.get(offset, offset + w.length));
      offset += w.length + 1;
    }
    expect(seen).toEqual(words);
    expect(new Set(seen).size).toBe(words.length);
  });
});
