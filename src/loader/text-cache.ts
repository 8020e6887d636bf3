// Texts that the inventory pass read, kept for the evaluation pass, so that
// a run reads each file from disk once. The cache holds at most a budget of
// characters: past it, files are read again, so that a run over a huge
// repository keeps its memory flat. Texts are forgotten as they are taken.

/** About 64 MiB of one-byte strings. */
export const DEFAULT_TEXT_CACHE_CHARS = 64 * 1024 * 1024;

export class TextCache {
  private readonly texts = new Map<string, string>();
  private chars = 0;

  constructor(private readonly budget = DEFAULT_TEXT_CACHE_CHARS) {}

  /** Keeps the text of the file at `path`, if it fits in the budget. */
  keep(path: string, text: string): void {
    if (this.chars + text.length > this.budget || this.texts.has(path)) return;
    this.texts.set(path, text);
    this.chars += text.length;
  }

  /** The text kept for `path` (then forgotten), or undefined: read the file. */
  take(path: string): string | undefined {
    const text = this.texts.get(path);
    if (text !== undefined) {
      this.texts.delete(path);
      this.chars -= text.length;
    }
    return text;
  }
}
