import { ensureBuilt } from './built.ts';

/**
 * vitest's global setup (vitest.config.ts), run once before any test file: brings `dist/` up to date with
 * `src/` (test/helpers/built.ts). The files that run the compiled CLI (build, cliStart, service.npmstart)
 * call `ensureBuilt()` too, but with two workers two of them could otherwise rebuild `dist/` at once, one
 * deleting it under the other; after this they find it current and build nothing.
 */
export default function setup(): void {
  ensureBuilt();
}
