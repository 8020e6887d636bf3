// The policy's own static data: string constants, file names and JSON
// tables, laid out in one data segment placed after the runtime's static
// data. Identical byte strings are stored once.

const encoder = new TextEncoder();

/** Bytes at an absolute address of linear memory. */
export interface StaticBytes {
  ptr: number;
  len: number;
}

export class StaticData {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  private readonly interned = new Map<string, StaticBytes>();

  /** `base` is the absolute address of the segment's first byte. */
  constructor(readonly base: number) {}

  /** The address just past the last byte. */
  get end(): number {
    return this.base + this.size;
  }

  /** UTF-8 bytes of `text` (not NUL-terminated), for `opa_string`, `opa_number_ref`, `opa_json_parse`. */
  utf8(text: string): StaticBytes {
    const key = `u:${text}`;
    let found = this.interned.get(key);
    if (!found) {
      const bytes = encoder.encode(text);
      found = { ptr: this.append(bytes, 1), len: bytes.length };
      this.interned.set(key, found);
    }
    return found;
  }

  /** A NUL-terminated C string (file names and messages passed to the runtime's error functions). */
  cstring(text: string): number {
    const key = `c:${text}`;
    let found = this.interned.get(key);
    if (!found) {
      const bytes = encoder.encode(text);
      const withNul = new Uint8Array(bytes.length + 1);
      withNul.set(bytes);
      found = { ptr: this.append(withNul, 1), len: bytes.length };
      this.interned.set(key, found);
    }
    return found.ptr;
  }

  /** `size` zero bytes aligned to `align`, for addresses that only need to be distinct. */
  reserve(size: number, align: number): number {
    return this.append(new Uint8Array(size), align);
  }

  /** The segment's contents, from `base` to `end`. */
  contents(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  private append(bytes: Uint8Array, align: number): number {
    const padding = (align - (this.end % align)) % align;
    if (padding) {
      this.chunks.push(new Uint8Array(padding));
      this.size += padding;
    }
    const ptr = this.end;
    this.chunks.push(bytes);
    this.size += bytes.length;
    return ptr;
  }
}
