import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { agenciesFileSchema } from './agencies.ts';
import { contactsFileSchema } from './contacts.ts';
import { zod } from './lazySchema.ts';
import { pprdSchema } from './pprd.ts';
import { CONFIG_SCHEMA_DIR, CONFIG_SCHEMA_FILES, schemaComment } from './schemaFiles.ts';

export { CONFIG_SCHEMA_DIR, CONFIG_SCHEMA_FILES, schemaComment };

/**
 * The JSON Schema (draft 2020-12) of each config file, generated from the zod schemas that validate it
 * (`z.toJSONSchema`, input side: what may be written, defaults shown), so an editor checks the same
 * shapes as `pprd config check`. Rules zod checks in code (cron fields, calendar dates, agency names in
 * the catalog, cross-file references) are not in the schema: `pprd config check` remains the full check.
 * @returns file name of the schema (`pprd.schema.json` …) → schema object.
 */
export function configJsonSchemas(): Record<string, Record<string, unknown>> {
  const titled = (schema: z.ZodType, title: string) =>
    ({ title, ...zod().z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }) as Record<string, unknown>;
  return {
    [CONFIG_SCHEMA_FILES['pprd.yaml']]: titled(
      pprdSchema(),
      'pprd-reminder config/pprd.yaml: cycles, targets, holidays, digests, delivery',
    ),
    [CONFIG_SCHEMA_FILES['agencies.yaml']]: titled(
      agenciesFileSchema(),
      'pprd-reminder config/agencies.yaml: the agency directory',
    ),
    [CONFIG_SCHEMA_FILES['contacts.yaml']]: titled(
      contactsFileSchema(),
      'pprd-reminder config/contacts.yaml: coordinators and agency contacts',
    ),
  };
}

/**
 * Writes {@link configJsonSchemas} to `dir` (created if missing), one indented JSON file each, as
 * `pprd config schema` and `pprd init` ship them next to the config files (`<config>/schema/`).
 * @returns the paths written.
 * @throws the file system's error (EACCES, ENOSPC).
 */
export function writeConfigSchemas(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(configJsonSchemas()).map(([file, schema]) => {
    const path = join(dir, file);
    writeFileSync(path, `${JSON.stringify(schema, null, 2)}\n`);
    return path;
  });
}
