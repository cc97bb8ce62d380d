export { openSharedStore } from './shared-store.js';
export type { SharedStore, SharedStoreOptions } from './shared-store.js';
export { checkSharedStore, migrateSharedStore } from './check-shared-store.js';
export { LATEST_PG_SCHEMA_VERSION, PG_MIGRATIONS } from './pg-migrations.js';
export { displayPostgresUrl, parsePostgresUrl } from './postgres-url.js';
export type { PgEvents } from './pg-events.js';
export { PgCheckpoints } from './pg-checkpoints.js';
export type { PoolOptions } from './open-pool.js';
export { SharedStoreConnection } from './shared-store-connection.js';
