import { ERROR_CODES } from '../error-meanings.js';
import type { ErrorCode } from '../error-codes.js';
import { code, generatedNotice, inlineText, table } from './markdown.js';

/** What each code family is about, in the order the page lists them; the rest follow by name. */
const FAMILY_TITLES: Readonly<Record<string, string>> = {
  general: 'General',
  config: 'Configuration',
  agents: 'Agents',
  routing: 'Routing',
  embeddings: 'Rerank embeddings',
  models: 'Model table',
  engine: 'Engine and library',
  deps: 'Optional dependencies',
  budget: 'Budgets',
  run: 'Runs',
  workflow: 'Workflows',
  provider: 'Model providers',
  memory: 'Memory',
  daemon: 'Daemon',
  hooks: 'Claude Code hooks',
  claude_code: 'Claude Code',
  session: 'Claude Code sessions',
  fs: 'Files',
  events: 'Events',
  store: 'State database',
};

/** docs/errors.md: every code of ERROR_CODES with its exit code and meaning, by family. */
export function renderErrorReference(): string {
  const families = new Map<string, ErrorCode[]>();
  // The keys of ERROR_CODES are exactly ErrorCode; Object.keys only widens them to string.
  for (const errorCode of Object.keys(ERROR_CODES) as ErrorCode[]) {
    const family = errorCode.includes('.') ? (errorCode.split('.')[0] ?? '') : 'general';
    families.set(family, [...(families.get(family) ?? []), errorCode]);
  }
  const order = [
    ...Object.keys(FAMILY_TITLES).filter((family) => families.has(family)),
    ...[...families.keys()].filter((family) => !Object.hasOwn(FAMILY_TITLES, family)).sort(),
  ];
  const sections = [
    '# Error codes',
    generatedNotice('src/error-codes.ts (ERROR_CODES)'),
    'Every error Claude Hybrid raises on purpose carries a stable code, printed by the CLI as `error[code]: message` with a `hint:` line, and available to library callers as `error.code` on a `HybridError`. Codes never change meaning, so scripts may match on them.',
    'Exit code `2` is a user error: bad input, bad config, or something to install or do first. `1` is a failure of the system or of a dependency. The exit code listed is the default; where one code is raised for both kinds of problem, the exception is noted in its meaning.',
    ...order.map((family) => familySection(family, families.get(family) ?? [])),
  ];
  return `${sections.join('\n\n')}\n`;
}

function familySection(family: string, codes: readonly ErrorCode[]): string {
  const title = FAMILY_TITLES[family] ?? family;
  return [
    `## ${title}`,
    table(
      ['Code', 'Exit', 'Meaning'],
      codes.map((errorCode) => [
        code(errorCode),
        String(ERROR_CODES[errorCode].exitCode),
        inlineText(ERROR_CODES[errorCode].meaning),
      ]),
    ),
  ].join('\n\n');
}
