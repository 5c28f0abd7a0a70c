// Where the config files' JSON Schemas are shipped, with no schema code: `pprd config schema --help` names
// the folder at every start (src/cli/register/schedule.ts); configJsonSchemas.ts writes the files.

/** Where the JSON Schemas are shipped, relative to the config folder (`config/schema/`). */
export const CONFIG_SCHEMA_DIR = 'schema';

/** Config file → its JSON Schema file name in {@link CONFIG_SCHEMA_DIR}. */
export const CONFIG_SCHEMA_FILES = Object.freeze({
  'pprd.yaml': 'pprd.schema.json',
  'agencies.yaml': 'agencies.schema.json',
  'contacts.yaml': 'contacts.schema.json',
} as const);

/** The first line of each shipped config file: editors with the YAML language server complete and check against the schema. */
export function schemaComment(file: keyof typeof CONFIG_SCHEMA_FILES): string {
  return `# yaml-language-server: $schema=./${CONFIG_SCHEMA_DIR}/${CONFIG_SCHEMA_FILES[file]}`;
}
