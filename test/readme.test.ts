import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReadme } from '../scripts/build-readme.js';

describe('README.md', () => {
  it('is up to date with docs/ (run npm run readme)', () => {
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toBe(buildReadme());
  });
});
