// `# rtpolicy:ignore RTC031,RTC033 reason` comments, found with the `yaml`
// package's lexer so that a `#` inside a quoted or block scalar is not taken
// for one. A module of its own because `yaml` takes a while to load: the
// engine imports it only for files whose text holds a directive.
import { CST, Lexer } from 'yaml';
import { splitIds } from './suppress.js';

/** A `# rtpolicy:ignore` comment. */
export interface IgnoreDirective {
  ruleIds: string[];
  reason?: string;
  /** True when nothing but whitespace precedes the comment on its line. */
  ownLine: boolean;
}

const DIRECTIVE = /^#\s*rtpolicy:ignore(?:\s+(.*))?$/;
const IDS_THEN_REASON = /^([^\s,]+(?:\s*,\s*[^\s,]+)*)(?:\s+(.*))?$/;

/** Parses the text of one comment (starting with `#`); undefined when it is not a directive. */
export function parseIgnoreComment(comment: string): Omit<IgnoreDirective, 'ownLine'> | undefined {
  const directive = DIRECTIVE.exec(comment.trim());
  if (!directive) return undefined;
  const rest = IDS_THEN_REASON.exec((directive[1] ?? '').trim());
  // `# rtpolicy:ignore` without rule ids ignores nothing: a blanket ignore would hide future rules too.
  if (!rest) return undefined;
  const reason = rest[2]?.trim();
  return { ruleIds: splitIds(rest[1]), ...(reason ? { reason } : {}) };
}

/**
 * The `# rtpolicy:ignore` comments of a YAML (or JSON) file by 1-based line.
 * Uses the YAML lexer, so a `#` inside a quoted or block scalar is not taken
 * for a comment. The lexer never throws: malformed files still yield the
 * comments it could tell apart.
 */
export function findIgnoreComments(text: string): Map<number, IgnoreDirective[]> {
  const byLine = new Map<number, IgnoreDirective[]>();
  let line = 1;
  let lineHasContent = false;
  let scalarFollows = false;
  for (const token of new Lexer().lex(text)) {
    // Markers the lexer inserts without consuming source. After SCALAR comes a
    // scalar's text, which may start with `#` (a block scalar's lines).
    if (token === CST.DOCUMENT || token === CST.FLOW_END || token === CST.SCALAR) {
      scalarFollows = token === CST.SCALAR;
      continue;
    }
    if (!scalarFollows && token.startsWith('#')) {
      const parsed = parseIgnoreComment(token);
      if (parsed) {
        const directives = byLine.get(line) ?? [];
        directives.push({ ...parsed, ownLine: !lineHasContent });
        byLine.set(line, directives);
      }
    }
    scalarFollows = false;
    const lastBreak = token.lastIndexOf('\n');
    if (lastBreak !== -1) {
      line += countNewlines(token);
      lineHasContent = token.slice(lastBreak + 1).trim() !== '';
    } else if (token.trim() !== '') {
      lineHasContent = true;
    }
  }
  return byLine;
}

function countNewlines(token: string): number {
  let n = 0;
  for (let i = token.indexOf('\n'); i !== -1; i = token.indexOf('\n', i + 1)) n++;
  return n;
}
