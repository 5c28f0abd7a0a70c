import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/tempDb.ts';

const BIOME = resolve('node_modules/.bin/biome');

/** Runs the project's biome.json on a planted tree: `files` maps a path under the tree to its text. */
function lintPlanted(files: Record<string, string>): { code: number | null; out: string } {
  const { dir, cleanup } = tempDir('arch-');
  const config = JSON.parse(readFileSync('biome.json', 'utf8'));
  delete config.$schema;
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  try {
    const r = spawnSync(BIOME, ['lint', '--max-diagnostics=50', 'src'], { cwd: dir, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    cleanup();
  }
}

/** Files with a `lint/style/noRestrictedImports` diagnostic, as biome prints them (`src/x.ts:1:30 lint/…`). */
function flagged(out: string): string[] {
  return [
    ...new Set([...out.matchAll(/^(src\/\S+?):\d+:\d+ lint\/style\/noRestrictedImports/gm)].map((m) => m[1])),
  ].sort();
}

describe('the architecture is checked by the linter (biome.json overrides, noRestrictedImports)', () => {
  it('a core folder importing a shell folder or an I/O library fails; the shell doing the same passes', () => {
    const r = lintPlanted({
      'src/digest/plantedStore.ts': "import type { Db } from '../store/index.ts';\nexport type X = Db;\n",
      'src/schedule/plantedConfig.ts': "import type { Config } from '../config/types.ts';\nexport type X = Config;\n",
      'src/catalog/plantedFs.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'src/decide/plantedMail.ts': "import nodemailer from 'nodemailer';\nexport const x = nodemailer;\n",
      'src/digest/plantedSlack.ts': "import { App } from '@slack/bolt';\nexport const x = App;\n",
      'src/schedule/pure.ts':
        "import { DateTime } from 'luxon';\nimport type { Catalog } from '../catalog/types.ts';\nexport const x = DateTime;\nexport type C = Catalog;\n",
      'src/service/shell.ts':
        "import { readFileSync } from 'node:fs';\nimport type { Db } from '../store/index.ts';\nexport const x = readFileSync;\nexport type D = Db;\n",
    });
    expect(r.code).toBe(1);
    expect(flagged(r.out)).toEqual([
      'src/catalog/plantedFs.ts',
      'src/decide/plantedMail.ts',
      'src/digest/plantedSlack.ts',
      'src/digest/plantedStore.ts',
      'src/schedule/plantedConfig.ts',
    ]);
    expect(r.out).toContain('fix: move the type or rule the core needs into the core');
  });

  it('a clean core passes', () => {
    const r = lintPlanted({
      'src/schedule/pure.ts': "import { DateTime } from 'luxon';\nexport const x = DateTime;\n",
    });
    expect(flagged(r.out)).toEqual([]);
    expect(r.code).toBe(0);
  });
});
