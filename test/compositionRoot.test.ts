import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// Issue 10: one composition root. The delivery tick, the channels of the environment and the link
// settings are wired in src/main.ts only; serve, tick and simulate call it.
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
const src = files('src').map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
const calling = (pattern: RegExp) =>
  src
    .filter((f) => pattern.test(f.text))
    .map((f) => f.file)
    .sort();

describe('one composition root (src/main.ts)', () => {
  test('runTick is called from src/main.ts alone; the email channel, robots and link settings are built from the environment there', () => {
    expect(calling(/\brunTick\(\{/)).toEqual(['src/main.ts']);
    expect(calling(/\bcreateEmailChannel\(\{/)).toEqual(['src/main.ts']);
    expect(calling(/\brobotsFromEnv\(/).filter((f) => !f.startsWith('src/channels/'))).toEqual(['src/main.ts']);
    expect(calling(/\blinkSettingsFromEnv\(/).filter((f) => f !== 'src/service/links.ts')).toEqual(['src/main.ts']);
    expect(calling(/\bcreateOffsetClock\(/).filter((f) => f !== 'src/service/clock.ts')).toEqual(['src/main.ts']);
  });

  test('serve, tick and simulate build their delivery with createDelivery', () => {
    for (const file of ['src/service/serve.ts', 'src/cli/commands/delivery.ts', 'src/service/simulate.ts']) {
      expect(src.find((f) => f.file === file)?.text, file).toMatch(/createDelivery\(\{/);
    }
  });
});
