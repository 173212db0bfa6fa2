/**
 * README.md is built from docs/*.md (in file-name order), so the detailed pages and the README never
 * drift apart: `npm run readme`. A test fails while the committed README is out of date.
 * Headings of the pages are moved one level down (outside code fences) and links between pages
 * become links to the README's own sections.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where each page lands in the README (its first heading's anchor). */
const PAGE_ANCHORS: Record<string, string> = {
  'cli.md': '#the-command-line',
  'compare-tune.md': '#comparing-strategies-checking-baselines-tuning-settings',
  'scenario-format.md': '#scenario-files',
  'json-report.md': '#the-json-report---json',
  'fidelity.md': '#fidelity-and-robustness',
};

/** The pages that stand in the README as they are (they are written as README sections). */
const README_SECTIONS = new Set(['00-intro.md', '80-benchmarks.md', '90-architecture.md']);

function demoteHeadings(text: string): string {
  let inFence = false;
  return text
    .split('\n')
    .map((line) => {
      if (line.startsWith('```')) inFence = !inFence;
      return !inFence && /^#{1,5} /.test(line) ? `#${line}` : line;
    })
    .join('\n');
}

function relinkPages(text: string): string {
  return text.replace(/\]\((?:\.\.\/)?(?:docs\/)?([a-z-]+\.md)\)/g, (whole, page: string) => {
    const anchor = PAGE_ANCHORS[page];
    return anchor === undefined ? whole : `](${anchor})`;
  });
}

export function buildReadme(): string {
  const pages = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const parts = pages.map((name) => {
    const text = readFileSync(join(root, 'docs', name), 'utf8').trim();
    return README_SECTIONS.has(name) ? text : demoteHeadings(relinkPages(text));
  });
  const notice = '<!-- Built from docs/*.md by `npm run readme`; edit those files, not this one. -->';
  return `${notice}\n\n${parts.join('\n\n')}\n`;
}

/** The intro first, benchmarks and architecture last, the reference pages between, in a fixed order. */
function order(name: string): number {
  const fixed = ['00-intro.md', 'cli.md', 'compare-tune.md', 'scenario-format.md', 'json-report.md', 'fidelity.md', '80-benchmarks.md', '90-architecture.md'];
  const at = fixed.indexOf(name);
  return at < 0 ? 50 : at;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(join(root, 'README.md'), buildReadme());
  console.log('README.md written from docs/');
}
