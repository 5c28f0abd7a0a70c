import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a script (plain JavaScript, no types): the generator of src/catalog/t2cnChanges.ts
import { t2cnChanges } from '../scripts/t2cn-changes.mjs';
import { toSimplified } from '../src/catalog/index.ts';
import { T2CN_CHARS, T2CN_PHRASES } from '../src/catalog/t2cnChanges.ts';

const ROOT = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const opencc = require('opencc-js/t2cn') as typeof import('opencc-js/t2cn');
const t2cn = opencc.Converter({ from: 't', to: 'cn' });

/**
 * Checks toSimplified against OpenCC's converter run on the whole text: the same text when the converter
 * leaves it as it is (the fast path), the converter's text when that keeps the length, else a text of the
 * same length (converted character by character).
 */
function expectAsOpencc(text: string): void {
  const converted = t2cn(text);
  if (converted.length === text.length) expect(toSimplified(text), text).toBe(converted);
  else expect(toSimplified(text).length, text).toBe(text.length);
}

describe('toSimplified reads simplified text without OpenCC’s tables (issue 11: CLI start), with the same result', () => {
  it('src/catalog/t2cnChanges.ts lists exactly what the installed opencc-js tables change', () => {
    const { chars, phrases } = t2cnChanges() as { chars: string; phrases: string[] };
    // fix when this fails (opencc-js upgraded): node scripts/t2cn-changes.mjs
    expect(T2CN_CHARS).toBe(chars);
    expect(T2CN_PHRASES.split('|')).toEqual(phrases);
    expect([...T2CN_CHARS].length).toBe(4224);
    expect(phrases.length).toBe(351);
  });

  it('traditional names and the traditional document are converted as before; simplified ones are left as they are', () => {
    expect(toSimplified('廣東省財政廳')).toBe('广东省财政厅');
    expect(toSimplified('粵府〔2017〕8號')).toBe('粤府〔2017〕8号');
    expect(toSimplified('省发展改革委')).toBe('省发展改革委');
    for (const file of [
      'test/fixtures/documents/07-traditional.txt',
      'seeds/yuefu-2017-8-pprd-implementation-opinions.txt',
      'config/agencies.yaml',
      'config/contacts.yaml',
      'config/pprd.yaml',
    ]) {
      for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) expectAsOpencc(line);
    }
    const seed = readFileSync(join(ROOT, 'seeds/yuefu-2017-8-pprd-implementation-opinions.txt'), 'utf8');
    expect(toSimplified(seed)).toBe(seed);
  });

  it('every character and phrase the tables change, alone and inside simplified text, converts as OpenCC converts it', () => {
    const samples = [...T2CN_CHARS, ...T2CN_PHRASES.split('|')];
    for (const s of samples) {
      expectAsOpencc(s);
      expectAsOpencc(`广东省${s}厅`);
    }
    // a phrase that rewrites only in context: its characters alone are not changed
    const phrase = T2CN_PHRASES.split('|').find(
      (p) => [...p].every((c) => !T2CN_CHARS.includes(c)) && t2cn(p) !== p && t2cn(p).length === p.length,
    )!;
    expect(phrase).toBeDefined();
    expect(toSimplified(`省${phrase}`)).toBe(`省${t2cn(phrase)}`);
    expect(toSimplified(`省${phrase}`)).not.toBe(`省${phrase}`);
  });
});
