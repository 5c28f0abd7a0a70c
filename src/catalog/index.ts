/**
 * Catalog: the policy text -> document, tasks, assignments, agencies, targets, obligations.
 * Pure (no I/O). Public surface of src/catalog; import nothing else from this folder.
 */

export { type AgencyDuties, agencyDuties, type TaskRole } from './agencyDuties.ts';
export { CatalogParseError, type CatalogParseErrorCode, formatParseError } from './CatalogParseError.ts';
export { agencyNameKey, createDirectoryIndex, type DirectoryIndex, type NameEntry } from './createDirectoryIndex.ts';
export { decodeText } from './decodeText.ts';
export { type CatalogChanges, diffCatalogs, isUnchanged, type KindChanges } from './diffCatalogs.ts';
export { type ExpandedName, expandAgencyNames, isGroupName, type NameContext } from './expandAgencyNames.ts';
export {
  type AgencyMatch,
  agencySuggestions,
  didYouMean,
  didYouMeanAgency,
  type FindableAgency,
  findAgency,
} from './findAgency.ts';
export { normalizePunctuation, toSimplified } from './normalizeText.ts';
export { type ClauseSpan, findAgencyClause, type ParsedClause, parseAgencyClause } from './parseAgencyClause.ts';
export {
  type DocumentReading,
  levelPrefixOf,
  type ParseOptions,
  parseDocument,
  readDocument,
  type UnreadClause,
} from './parseDocument.ts';
export { createSuccession, type Succession, withSuccessors } from './succession.ts';
export { editDistance, type SuggestionCandidate, suggestNames } from './suggestNames.ts';
export type { Agency, Assignment, Catalog, Obligation, PolicyDocument, Target, Task } from './types.ts';
