import { stateDbPath } from '../../config/index.js';
import { StoreError } from '../../errors.js';
import { checkLocalStore, migrateLocalStore } from '../../store/index.js';
import type { LocalSchemaReport, MigrateReport, SchemaReport } from '../../store/index.js';
import { checkSharedStore, migrateSharedStore } from '../../store/postgres/index.js';
import { stringValue } from '../args.js';
import type { CliContext, CommandGroup, OptionSpec, ParsedValues } from '../command.js';

const URL_OPTION: Readonly<Record<string, OptionSpec>> = {
  url: {
    type: 'string',
    value: 'URL',
    description: 'A postgres:// store (default: store.url, else the project SQLite database)',
  },
};

/** Which store a command acts on: `--url`, else `store.url`, else the project's SQLite file. */
async function target(
  context: CliContext,
  values: ParsedValues,
): Promise<{ url: string } | { path: string; busyTimeoutMs: number }> {
  const flagged = stringValue(values, 'url');
  if (flagged !== undefined && flagged !== '') return { url: flagged };
  const loaded = await context.loadConfig();
  if (loaded.config.store.url !== '') return { url: loaded.config.store.url };
  if (!loaded.initialized)
    throw new StoreError(
      'store.not_initialized',
      `no .claude-hybrid/ folder in ${loaded.projectRoot} or above, and no store.url`,
      {
        hint: "run 'claude-hybrid init' in the project root, or pass --url postgres://…",
        exitCode: 2,
      },
    );
  return {
    path: stateDbPath(loaded.projectRoot),
    busyTimeoutMs: loaded.config.store.busyTimeoutMs,
  };
}

/** A check fails on a database from a newer release or a damaged file; pending is a warning. */
function checkPassed(report: SchemaReport | LocalSchemaReport): boolean {
  if (report.state === 'future') return false;
  return !('integrity' in report) || report.integrity === undefined || report.integrity === 'ok';
}

function pendingText(report: SchemaReport): string {
  return report.pending.map((migration) => `${migration.version} ${migration.name}`).join(', ');
}

function renderCheck(report: SchemaReport | LocalSchemaReport): string {
  const lines = [
    `store      ${report.store} (${report.kind})`,
    `version    ${report.version} (this release knows up to ${report.latestVersion})`,
  ];
  if ('exists' in report && !report.exists)
    lines.push('file       missing: the first command that writes creates it');
  if ('integrity' in report && report.integrity !== undefined)
    lines.push(`integrity  ${report.integrity}`);
  if (report.state === 'future')
    lines.push('status     written by a newer claude-hybrid: upgrade; it was not modified');
  else if (report.state === 'pending')
    lines.push(
      `status     migrations pending (${pendingText(report)}): run 'claude-hybrid store migrate'`,
    );
  else lines.push('status     up to date');
  return lines.join('\n');
}

function renderMigrate(report: MigrateReport): string {
  if (report.applied.length === 0)
    return `${report.store} (${report.kind}) is up to date at version ${report.version}`;
  const applied = report.applied.map((migration) => `${migration.version} ${migration.name}`);
  return `${report.store} (${report.kind}): migrated from version ${report.from} to ${report.version} (${applied.join(', ')})`;
}

export const storeGroup: CommandGroup = {
  name: 'store',
  summary: 'Check or migrate the store: the project SQLite database or a shared Postgres',
  subcommands: [
    {
      name: 'check',
      summary: 'Schema version, pending migrations and integrity, changing nothing.',
      usage: '[--url URL] [--json]',
      details:
        'Reads the schema version of the store (--url, else store.url, else the project\n' +
        'SQLite database) and lists the migrations this release would apply; for SQLite also\n' +
        'runs PRAGMA quick_check. Opens read-only and changes nothing. Exits 1 when the store\n' +
        'was written by a newer release, is damaged, or cannot be reached; pending migrations\n' +
        'are a warning (exit 0): any writing command, or `store migrate`, applies them.',
      options: URL_OPTION,
      positionals: { min: 0, max: 0, name: '' },
      examples: [
        'claude-hybrid store check',
        'claude-hybrid store check --url postgres://ci@db.internal:5432/hybrid --json',
      ],
      run: async (context, values) => {
        const where = await target(context, values);
        const report =
          'url' in where ? await checkSharedStore(where.url) : checkLocalStore(where.path);
        const ok = checkPassed(report);
        if (context.json) context.writeJson({ ...report, ok });
        else context.out(renderCheck(report));
        return ok ? 0 : 1;
      },
    },
    {
      name: 'migrate',
      summary: 'Apply pending migrations to the store.',
      usage: '[--url URL] [--json]',
      details:
        'Applies the migrations the store (--url, else store.url, else the project SQLite\n' +
        'database) does not have yet, each in its own transaction; concurrent migrators wait\n' +
        'for each other and each migration runs once. A store from a newer release is refused\n' +
        'and left untouched (store.future_version).',
      options: URL_OPTION,
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid store migrate', 'claude-hybrid store migrate --url "$STORE_URL"'],
      run: async (context, values) => {
        const where = await target(context, values);
        const report =
          'url' in where
            ? await migrateSharedStore(where.url)
            : migrateLocalStore(where.path, where.busyTimeoutMs);
        if (context.json) context.writeJson(report);
        else context.out(renderMigrate(report));
        return 0;
      },
    },
  ],
};
