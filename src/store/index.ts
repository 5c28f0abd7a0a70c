export { openStore, migrate, dbPathFromEnv, DEFAULT_DB_PATH, type Db } from './openStore.ts';
