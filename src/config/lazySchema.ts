import type * as Zod from 'zod';
import { lazyRequire } from '../lazyRequire.ts';

/** zod (its CommonJS build, the one copy every config schema uses), loaded on the first schema built. */
export const zod = lazyRequire<typeof Zod>('zod');

/**
 * A zod schema built on its first use, not at import: a command that imports the config code but
 * validates only one file (or none) builds only that file's schemas, and loads zod only when it
 * validates (issue 11: CLI start).
 * @param build makes the schema (or several, as one object) from zod's `z`; called once.
 * @returns the getter of what `build` returns, the same value on every call.
 * @throws zod's own load error, or `build`'s, on the first call.
 */
export function lazySchema<T>(build: (z: typeof Zod.z) => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build(zod().z) };
    return built.value;
  };
}
