export type * from './types.ts';
export { readYamlFile, lineOf, formatPath, zodProblems, formatProblem, type YamlFile } from './yamlFile.ts';
export { loadDirectory, agenciesFileSchema } from './agencies.ts';
export { validatePprd, pprdSchema, DEFAULT_CYCLES, DEFAULT_DIGESTS, DEFAULT_REMINDERS, DEFAULT_OVERDUE, DEFAULT_ESCALATE_AFTER, type PprdConfig, type ValidationContext } from './pprd.ts';
export { loadConfig, parseConfig, ConfigError, deepFreeze, type LoadConfigOptions } from './loadConfig.ts';
export { loadContacts, agenciesWithoutContact, contactSchema, contactsFileSchema } from './contacts.ts';
export { CONTROL_CHARS, controlCharIn, headerText, FIX_ONE_LINE } from './headerText.ts';
export { ACCEPT_REMOVALS_FILE, acceptRemovals, configDigest, droppedRecipients, removalsAccepted, robotsEdited } from './contactRemovals.ts';
export { CONFIG_SCHEMA_DIR, CONFIG_SCHEMA_FILES, configJsonSchemas, schemaComment } from './configJsonSchemas.ts';
