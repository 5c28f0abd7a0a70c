export { openStore, migrate, dbPathFromEnv, DEFAULT_DB_PATH, type Db } from './openStore.ts';
export { createDeliveryRepo, type DeliveryRepo, type DeliveryRow, type DeliveryStatus, type NewDelivery, type DeliveryOutcome, type ClaimOptions } from './deliveryRepo.ts';
export { importCatalog, loadCatalog, findAgencyInStore, storedSource, type CatalogSource, type ImportResult, type StoredDocumentSource } from './catalogRepo.ts';
