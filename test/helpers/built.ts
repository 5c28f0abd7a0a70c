import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** Files under `dir`, recursively (absolute paths). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/**
 * The first file of `src/` whose compiled counterpart in `dist/` (`x.ts` → `x.js`, migrations' `.sql`
 * copied as is) is missing or older than it, or undefined when `dist/` is up to date.
 */
export function staleBuild(): string | undefined {
  for (const file of filesUnder(join(ROOT, 'src'))) {
    const rel = relative(join(ROOT, 'src'), file);
    const out = join(ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(file).mtimeMs) return rel;
  }
  return undefined;
}

/**
 * For tests that run the compiled CLI (`bin/pprd.js`, `npm start`): runs `npm run build` when `dist/`
 * is older than `src/` (a fresh clone has it from `npm ci`'s prepare script; an edit since makes it stale).
 * Throws with the compiler's output when the build fails.
 */
export function ensureBuilt(): void {
  if (staleBuild() === undefined) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
}
