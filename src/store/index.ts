export { type BackupSummary, backupStore } from './backupStore.ts';
export {
  type CatalogSource,
  findAgencyInStore,
  type ImportResult,
  importCatalog,
  loadCatalog,
  type StoredDocumentSource,
  storedSource,
} from './catalogRepo.ts';
export {
  type ClaimOptions,
  createDeliveryRepo,
  type DeliveryOutcome,
  type DeliveryRepo,
  type DeliveryRow,
  type DeliveryStatus,
  deliveryRepoFor,
  type NewDelivery,
} from './deliveryRepo.ts';
export {
  BUSY_TIMEOUT_MS,
  type Db,
  DEFAULT_DB_PATH,
  explainStoreError,
  migrate,
  openStore,
  writeTransaction,
} from './openStore.ts';
export { readStoredCatalog } from './readStoredCatalog.ts';
export { createRobotSendRepo, type RateWindow, type Reservation, type RobotSendRepo } from './robotSendRepo.ts';
export {
  type Actor,
  createScheduleRepo,
  type NewExcusal,
  type NewExtension,
  type NewSubmission,
  type OccurrenceRef,
  type Recorded,
  type ScheduleRepo,
} from './scheduleRepo.ts';
