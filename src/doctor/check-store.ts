import type { LoadedConfig } from '../config/index.js';
import { stateDbPath } from '../config/paths.js';
import { withoutCredentials } from '../files/http-credentials.js';
import { checkLocalStore } from '../store/local-store-maintenance.js';
import type { LocalSchemaReport, SchemaReport } from '../store/index.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import type { DoctorCheck } from './types.js';

function pendingText(report: SchemaReport): string {
  return report.pending.map((migration) => `${migration.version} ${migration.name}`).join(', ');
}

/** A schema report as one check: newer or damaged fails, pending migrations warn. */
export function storeCheckOf(id: string, title: string, report: SchemaReport): DoctorCheck {
  const version = `schema v${report.version} (this release knows up to v${report.latestVersion})`;
  const local = report as Partial<LocalSchemaReport>;
  if (report.state === 'future')
    return checkResult(
      id,
      title,
      'fail',
      `${report.store}: ${version}: written by a newer claude-hybrid`,
      'upgrade claude-hybrid (npm install -g claude-hybrid); the store was not modified',
    );
  if (local.integrity !== undefined && local.integrity !== 'ok')
    return checkResult(
      id,
      title,
      'fail',
      `${report.store}: ${version}; integrity check: ${local.integrity}`,
      `restore ${report.store} from a backup, or move it away (a new one is created; the recorded runs and events are lost)`,
    );
  if (local.exists === false)
    return checkResult(
      id,
      title,
      'ok',
      `${report.store}: not created yet (the first write creates it)`,
    );
  if (report.state === 'pending')
    return checkResult(
      id,
      title,
      'warn',
      `${report.store}: ${version}; migrations pending: ${pendingText(report)}`,
      'claude-hybrid store migrate (any writing command also applies them)',
    );
  return checkResult(
    id,
    title,
    'ok',
    `${report.store}: ${version}, up to date${local.integrity === 'ok' ? ', integrity ok' : ''}`,
  );
}

/** The project's SQLite store, opened read-only, as `store check` reads it. */
export function checkLocal(loaded: LoadedConfig | undefined): DoctorCheck {
  const title = 'Project store (SQLite)';
  if (loaded === undefined)
    return checkResult('store', title, 'skip', 'not checked: the configuration did not load');
  if (!loaded.initialized)
    return checkResult('store', title, 'skip', 'no project here (claude-hybrid init creates it)');
  const path = stateDbPath(loaded.projectRoot);
  try {
    return storeCheckOf('store', title, checkLocalStore(path));
  } catch (error) {
    return checkResult(
      'store',
      title,
      'fail',
      `${path}: ${(error as Error).message}`,
      `move ${path} away if it is not a database (a new one is created), or restore it from a backup`,
    );
  }
}

/** The shared Postgres store `store.url` names: only with `--online`. */
export async function checkShared(
  input: DoctorInput,
  loaded: LoadedConfig | undefined,
): Promise<DoctorCheck | undefined> {
  const url = loaded?.config.store.url ?? '';
  if (url === '') return undefined;
  const title = 'Shared store (Postgres)';
  if (!input.online)
    return checkResult(
      'shared-store',
      title,
      'skip',
      `${withoutCredentials(url)}: offline (--online connects to it)`,
    );
  try {
    // The engine bundle holds the Postgres store; it loads only here, for --online.
    const { checkSharedStore } = await import('./engine-door.js');
    const report = await checkSharedStore(url, { connectTimeoutMs: input.timeoutMs ?? 5_000 });
    return storeCheckOf('shared-store', title, report);
  } catch (error) {
    const hint = (error as { hint?: unknown }).hint;
    return checkResult(
      'shared-store',
      title,
      'fail',
      `${withoutCredentials(url)}: ${(error as Error).message}`,
      typeof hint === 'string' ? hint : 'check store.url and that the server is reachable',
    );
  }
}
