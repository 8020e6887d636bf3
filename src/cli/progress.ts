// A progress indicator for a person at a terminal: after a run has taken a
// second, a spinner with the elapsed time (and the latest status, when the
// command reports one) is drawn on the last line of standard error. It is
// only drawn on a TTY, so logs, pipes and CI see nothing of it.
//
// Whatever else the command writes, to standard output or error, first
// erases the indicator's line, so reports and messages never share a line
// with it; the indicator is drawn again on its next tick.

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const ERASE_LINE = '\r\x1b[K';

type Write = typeof process.stdout.write;

export interface ProgressOptions {
  /** What is running, e.g. `rtpolicy check`. */
  label: string;
  /** Where to draw (default process.stderr); drawn only when it is a TTY. */
  stream?: NodeJS.WriteStream;
  /** Nothing is drawn for runs shorter than this (default 1000 ms). */
  delayMs?: number;
  /** Redraw interval (default 100 ms). */
  intervalMs?: number;
  /** Streams whose writes erase the indicator first (default stdout and stderr). */
  interceptStreams?: NodeJS.WriteStream[];
  /** Draw or not (default: {@link progressWanted} for `stream`). */
  enabled?: boolean;
}

export interface Progress {
  /** The current step, shown after the elapsed time (`inventory pass`, `120/900 files`). */
  update(status: string): void;
  /** Erases the indicator and stops it; safe to call more than once. */
  stop(): void;
}

const NO_PROGRESS: Progress = { update() {}, stop() {} };

/** Whether a progress indicator makes sense on `stream`: a terminal that can erase lines. */
export function progressWanted(stream: NodeJS.WriteStream = process.stderr): boolean {
  return stream.isTTY === true && process.env.TERM !== 'dumb' && !process.env.CI;
}

export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (!(options.enabled ?? progressWanted(stream))) return NO_PROGRESS;
  const started = Date.now();
  const intercepted = options.interceptStreams ?? [process.stdout, process.stderr];
  const originals = new Map<NodeJS.WriteStream, Write>();
  let status = '';
  let frame = 0;
  let shown = false;
  let stopped = false;

  const rawWrite = (text: string) => (originals.get(stream) ?? stream.write).call(stream, text);
  const erase = () => {
    if (!shown) return;
    shown = false;
    rawWrite(ERASE_LINE);
  };
  const draw = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line = `${FRAMES[frame++ % FRAMES.length]} ${options.label} ${seconds}s${status ? ` ${status}` : ''}`;
    // Never wider than the terminal: a wrapped line could not be erased.
    // (A pseudo-terminal without a size reports 0 columns.)
    const width = Math.max(10, (stream.columns || 80) - 1);
    rawWrite(`${ERASE_LINE}${line.slice(0, width)}`);
    shown = true;
  };

  for (const target of new Set([...intercepted, stream])) {
    const original = target.write;
    originals.set(target, original);
    target.write = function (this: NodeJS.WriteStream, ...args: Parameters<Write>) {
      erase();
      return original.apply(this, args);
    } as Write;
  }

  let timer: NodeJS.Timeout | undefined;
  const delay = setTimeout(() => {
    draw();
    timer = setInterval(draw, options.intervalMs ?? 100);
    timer.unref();
  }, options.delayMs ?? 1000);
  delay.unref();

  return {
    update(next: string) {
      status = next;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(delay);
      if (timer) clearInterval(timer);
      erase();
      for (const [target, original] of originals) target.write = original;
    },
  };
}
