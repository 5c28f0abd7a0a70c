/**
 * Catalog: the policy text -> document, tasks, assignments, agencies, targets, obligations.
 * Pure (no I/O). Public surface of src/catalog; import nothing else from this folder.
 */
export type { Agency, Assignment, Catalog, Obligation, PolicyDocument, Target, Task } from './types.ts';
export { CatalogParseError, type CatalogParseErrorCode, formatParseError } from './CatalogParseError.ts';
export { decodeText } from './decodeText.ts';
export { parseDocument, readDocument, levelPrefixOf, type DocumentReading, type ParseOptions, type UnreadClause } from './parseDocument.ts';
export { expandAgencyNames, isGroupName, type ExpandedName, type NameContext } from './expandAgencyNames.ts';
export { findAgencyClause, parseAgencyClause, type ClauseSpan, type ParsedClause } from './parseAgencyClause.ts';
export { agencyNameKey, createDirectoryIndex, type DirectoryIndex, type NameEntry } from './createDirectoryIndex.ts';
export { findAgency, editDistance, type AgencyMatch } from './findAgency.ts';
export { diffCatalogs, isUnchanged, type CatalogChanges, type KindChanges } from './diffCatalogs.ts';
export { normalizePunctuation, toSimplified } from './normalizeText.ts';
export { agencyDuties, type AgencyDuties, type TaskRole } from './agencyDuties.ts';
export { createSuccession, withSuccessors, type Succession } from './succession.ts';
