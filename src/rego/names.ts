// Interning of identifier text. Policies repeat a few hundred names (input, spec, containers, msg)
// hundreds of thousands of times; the AST shares one string per name, and looking a name up allocates
// nothing (the source is compared in place), which keeps the garbage collector out of the hot path.

export class NameTable {
  private strings: (string | undefined)[];
  private hashes: Int32Array;
  private count = 0;

  constructor(private readonly source: string) {
    // Start near the final size for big sources (about one distinct name per 40 characters).
    let size = 1024;
    while (size * 20 < source.length) size *= 2;
    this.strings = new Array(size);
    this.hashes = new Int32Array(size);
  }

  /** The string source[start, end), shared with every earlier occurrence of the same text. */
  get(start: number, end: number): string {
    const source = this.source;
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ source.charCodeAt(i), 0x01000193);
    const length = end - start;
    const mask = this.strings.length - 1;
    let slot = hash & mask;
    for (;;) {
      const known = this.strings[slot];
      if (known === undefined) break;
      if (this.hashes[slot] === hash && known.length === length && source.startsWith(known, start))
        return known;
      slot = (slot + 1) & mask;
    }
    const text = source.slice(start, end);
    this.strings[slot] = text;
    this.hashes[slot] = hash;
    if (++this.count * 2 > this.strings.length) this.grow();
    return text;
  }

  private grow(): void {
    const strings = this.strings;
    const hashes = this.hashes;
    this.strings = new Array(strings.length * 2);
    this.hashes = new Int32Array(strings.length * 2);
    const mask = this.strings.length - 1;
    for (let i = 0; i < strings.length; i++) {
      const text = strings[i];
      if (text === undefined) continue;
      let slot = hashes[i] & mask;
      while (this.strings[slot] !== undefined) slot = (slot + 1) & mask;
      this.strings[slot] = text;
      this.hashes[slot] = hashes[i];
    }
  }
}
