import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_SCHEMA_FILES, configJsonSchemas, schemaComment } from '../src/config/index.ts';

const CONFIG = join(import.meta.dirname, '..', 'config');
const FILES = Object.keys(CONFIG_SCHEMA_FILES) as (keyof typeof CONFIG_SCHEMA_FILES)[];

/** ajv (draft 2020-12, an independent validator) with the shipped schema of `file`. */
function validatorFor(file: keyof typeof CONFIG_SCHEMA_FILES) {
  const schema = JSON.parse(readFileSync(join(CONFIG, 'schema', CONFIG_SCHEMA_FILES[file]), 'utf8'));
  return new Ajv2020({ allErrors: true, strict: false }).compile(schema);
}
const shipped = (file: string) => readFileSync(join(CONFIG, file), 'utf8');

describe('JSON Schemas of the config files (generated from the zod schemas, shipped under config/schema/)', () => {
  it('the shipped schemas are what `pprd config schema` generates today (regenerate after changing a zod schema)', () => {
    for (const [name, schema] of Object.entries(configJsonSchemas())) {
      expect(JSON.parse(readFileSync(join(CONFIG, 'schema', name), 'utf8'))).toEqual(schema);
    }
  });

  it.each(FILES)('config/%s names its schema on its first line and is valid under it (ajv)', (file) => {
    const text = shipped(file);
    expect(text.split('\n')[0]).toBe(schemaComment(file));
    const validate = validatorFor(file);
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a planted error in each file is rejected at its place', () => {
    const pprd = validatorFor('pprd.yaml');
    expect(pprd(parse(shipped('pprd.yaml').replace(/^sendAt: .*$/m, 'sendAt: 9am')))).toBe(false);
    expect(pprd.errors?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(['/sendAt pattern']);

    const agencies = validatorFor('agencies.yaml');
    expect(
      agencies(parse(shipped('agencies.yaml').replace('  - name: 省发展改革委\n', '  - nmae: 省发展改革委\n'))),
    ).toBe(false);
    expect(agencies.errors?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual([
      '/agencies/0 required',
      '/agencies/0 additionalProperties',
    ]);

    const contacts = validatorFor('contacts.yaml');
    expect(
      contacts(
        parse(
          shipped('contacts.yaml').replace(
            '    email: coordinator1@pprd.example.org',
            '    email: coordinator1@pprd.example.org\n    emial: typo@pprd.example.org',
          ),
        ),
      ),
    ).toBe(false);
    expect(contacts.errors?.map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`)).toEqual([
      '/coordinators/0 additionalProperties {"additionalProperty":"emial"}',
    ]);
  });
});
