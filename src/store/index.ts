export { openStore, migrate, explainStoreError, writeTransaction, BUSY_TIMEOUT_MS, DEFAULT_DB_PATH, type Db } from './openStore.ts';
export { createDeliveryRepo, deliveryRepoFor, type DeliveryRepo, type DeliveryRow, type DeliveryStatus, type NewDelivery, type DeliveryOutcome, type ClaimOptions } from './deliveryRepo.ts';
export { readStoredCatalog } from './readStoredCatalog.ts';
export { importCatalog, loadCatalog, findAgencyInStore, storedSource, type CatalogSource, type ImportResult, type StoredDocumentSource } from './catalogRepo.ts';
export { createScheduleRepo, type ScheduleRepo, type OccurrenceRef, type Actor, type NewSubmission, type NewExcusal, type NewExtension, type Recorded } from './scheduleRepo.ts';
export { createRobotSendRepo, type RobotSendRepo, type RateWindow, type Reservation } from './robotSendRepo.ts';
