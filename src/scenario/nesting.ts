/**
 * A quick scan for flow nesting ([ and {) deeper than any scenario needs. The yaml parser recurses
 * once per level, so a file of a million brackets costs seconds and overflows the stack; refusing it
 * first keeps every answer to bad input under a second.
 */
export const MAX_FLOW_NESTING = 100;

export interface NestingProblem {
  line: number;
  column: number;
  depth: number;
}

/** Where the flow nesting first goes past `limit`, or null. Quoted text and comments do not count. */
export function findExcessiveNesting(text: string, limit = MAX_FLOW_NESTING): NestingProblem | null {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (quote !== null) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
      continue;
    }
    if (ch === '"' || (ch === "'" && (i === lineStart || /[\s[{,:]/.test(text[i - 1] ?? ' ')))) {
      quote = ch;
    } else if (ch === '[' || ch === '{') {
      depth++;
      if (depth > limit) return { line, column: i - lineStart + 1, depth };
    } else if ((ch === ']' || ch === '}') && depth > 0) {
      depth--;
    }
  }
  return null;
}
