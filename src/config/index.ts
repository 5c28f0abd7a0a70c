export { agenciesFileSchema, loadDirectory } from './agencies.ts';
export {
  CONFIG_SCHEMA_DIR,
  CONFIG_SCHEMA_FILES,
  configJsonSchemas,
  schemaComment,
  writeConfigSchemas,
} from './configJsonSchemas.ts';
export { configWarnings, type WarningContext } from './configWarnings.ts';
export {
  ACCEPT_REMOVALS_FILE,
  acceptRemovals,
  configDigest,
  droppedRecipients,
  removalsAccepted,
  robotsEdited,
} from './contactRemovals.ts';
export {
  agenciesWithoutContact,
  contactSchema,
  contactsFileSchema,
  contactsUnderPredecessors,
  loadContacts,
} from './contacts.ts';
export { CONTROL_CHARS, controlCharIn, FIX_ONE_LINE, headerText } from './headerText.ts';
export {
  ConfigError,
  type ConfigFiles,
  deepFreeze,
  type LoadConfigOptions,
  loadConfig,
  parseConfig,
  readConfigFiles,
} from './loadConfig.ts';
export { type Office, officeOf } from './office.ts';
export {
  DEFAULT_CYCLES,
  DEFAULT_DIGESTS,
  DEFAULT_ESCALATE_AFTER,
  DEFAULT_OVERDUE,
  DEFAULT_REMINDERS,
  type PprdConfig,
  pprdSchema,
  type ValidationContext,
  validatePprd,
} from './pprd.ts';
export type * from './types.ts';
export { formatPath, formatProblem, lineOf, positionOf, readYamlFile, type YamlFile, zodProblems } from './yamlFile.ts';
