import { describe, expect, it } from 'vitest';
import { renderText, shouldUseColor } from '../../src/report/index.js';
import { emptyReport, sampleReport } from './sample-report.js';

const ESC = '\x1b';
const stripAnsi = (text: string) => text.replace(/\x1b\[\d+m/g, '');

describe('text reporter', () => {
  it('lists unsuppressed findings grouped by file, then a summary line', () => {
    expect(renderText(sampleReport())).toBe(
      [
        'broken/naïve café.yaml:3:5 error did not find expected key while parsing a block mapping (RTP001)',
        '',
        'deploy/web.yaml:4:3 note Deployment "web" has no <team> label | add one & retry second line\\u001b[31m (ACME-7)',
        'deploy/web.yaml:21:13 error Container "app" is privileged but the pod runs under runc (RTC031)',
        'deploy/web.yaml:21:13 warning A finding from a rule the report does not describe (X-UNDESCRIBED)',
        '',
        '2 errors, 1 warning, 1 note (3 suppressed); checked 4 files, 7 documents; ' +
          'skipped 3 documents (2 helm-template, 1 not-kubernetes); 212 ms',
        '',
      ].join('\n'),
    );
  });

  it('does not list suppressed findings but counts them', () => {
    const text = renderText(sampleReport());
    expect(text).not.toContain('"debug"'); // suppressed by comment
    expect(text).not.toContain('kata-qemu'); // suppressed by baseline
    expect(text).not.toContain('gvisor'); // suppressed by annotation
    expect(text).toContain('(3 suppressed)');
  });

  it('keeps one line per finding and never passes control characters to the terminal', () => {
    const text = renderText(sampleReport(), { color: false });
    expect(text).not.toContain(ESC);
    expect(text.split('\n').filter((l) => l.includes('(ACME-7)'))).toHaveLength(1);
  });

  it('summarises a clean run', () => {
    expect(renderText(emptyReport())).toBe(
      '0 errors, 0 warnings, 0 notes; checked 2 files, 3 documents; 1.53 s\n',
    );
  });

  it('colours severities, locations and rule ids when asked, with the same text underneath', () => {
    const plain = renderText(sampleReport(), { color: false });
    const coloured = renderText(sampleReport(), { color: true });
    expect(coloured).not.toBe(plain);
    expect(stripAnsi(coloured)).toBe(plain);
    expect(coloured).toContain(`${ESC}[31merror${ESC}[39m`);
    expect(coloured).toContain(`${ESC}[33mwarning${ESC}[39m`);
    expect(coloured).toContain(`${ESC}[36mnote${ESC}[39m`);
    expect(coloured).toContain(`${ESC}[1mdeploy/web.yaml:21:13${ESC}[22m`);
    expect(coloured).toContain(`${ESC}[2m(RTC031)${ESC}[22m`);
    // The summary takes the colour of the worst severity found; a clean run is green.
    expect(coloured).toContain(`${ESC}[31m2 errors, 1 warning, 1 note${ESC}[39m`);
    expect(renderText(emptyReport(), { color: true })).toContain(`${ESC}[32m0 errors`);
  });
});

describe('shouldUseColor', () => {
  const tty = { isTTY: true, hasColors: () => true };
  const dumbTty = { isTTY: true, hasColors: () => false };
  const pipe = { isTTY: false };

  it('colours a colour terminal only', () => {
    expect(shouldUseColor(tty, {})).toBe(true);
    expect(shouldUseColor(dumbTty, {})).toBe(false);
    expect(shouldUseColor(pipe, {})).toBe(false);
  });

  it('respects NO_COLOR when set to a non-empty value', () => {
    expect(shouldUseColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: '' })).toBe(true);
  });

  it('lets FORCE_COLOR override the terminal check and NO_COLOR', () => {
    expect(shouldUseColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(shouldUseColor(tty, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(shouldUseColor(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it("passes the environment to the stream's own colour check (TERM=dumb)", () => {
    const seen: unknown[] = [];
    const stream = {
      isTTY: true,
      hasColors: (env?: Record<string, string | undefined>) => {
        seen.push(env);
        return env?.TERM !== 'dumb';
      },
    };
    expect(shouldUseColor(stream, { TERM: 'dumb' })).toBe(false);
    expect(seen).toEqual([{ TERM: 'dumb' }]);
  });
});
