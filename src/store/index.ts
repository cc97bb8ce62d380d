export { openStore } from './open-store.js';
export type { Store, StoreOptions } from './open-store.js';
export { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
export type { Migration } from './migrations.js';
export {
  DEFAULT_EVENT_QUERY_LIMIT,
  MAX_EVENT_PAYLOAD_BYTES,
  MAX_EVENT_QUERY_LIMIT,
} from './event-records.js';
export type {
  EventFilter,
  EventQuery,
  EventRecord,
  EventsRepository,
  NewEventRecord,
} from './event-records.js';
export { checkLocalStore, migrateLocalStore } from './local-store-maintenance.js';
export type { LocalSchemaReport } from './local-store-maintenance.js';
export { schemaReport } from './schema-report.js';
export type {
  MigrateReport,
  PendingMigration,
  SchemaReport,
  SchemaState,
} from './schema-report.js';
