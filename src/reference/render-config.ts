import type { ConfigKey, ConfigKind } from '../config/config-keys.js';
import { CONFIG_KEYS, RESERVED_ENV, envNameFor } from '../config/config-keys.js';
import { getPath } from '../config/config-values.js';
import { DEFAULT_CONFIG } from '../config/defaults.js';
import { code, codeBlock, generatedNotice, inlineText, table } from './markdown.js';

/**
 * The `CLAUDE_HYBRID_*` variables that are not config keys (RESERVED_ENV), described. Rendering
 * fails on a reserved variable missing here, so a new one cannot go undocumented.
 */
const RESERVED_ENV_MEANINGS: Readonly<Record<string, string>> = {
  CLAUDE_HYBRID_HOME:
    'The user directory (default `~/.claude-hybrid`): user config, caches, the daemon files.',
  CLAUDE_HYBRID_COMPILE_CACHE:
    '`0` turns off the V8 code cache the CLI starts from (see [performance.md](performance.md)).',
  CLAUDE_HYBRID_CLAUDE:
    'The `claude` executable that `code` launches and the `claude-code` provider runs.',
  CLAUDE_HYBRID_DAEMON_TOKEN:
    "The daemon token `code` passes to Claude Code's project-scope http hooks.",
  CLAUDE_HYBRID_AGENT:
    'The main agent the [status line](claude-code.md#status-line) names when no subagent runs; `code` sets it to `pm` for the Claude Code it launches.',
};

/**
 * How the loader layers configuration, and where the files are. Hand-written here, next to the
 * generated table, because it describes loader.ts rather than any one key.
 */
const HEADER = [
  'Layers, lowest to highest precedence:',
  [
    '1. defaults (the table below);',
    '2. the user file, `$CLAUDE_HYBRID_HOME/config.yaml` (`CLAUDE_HYBRID_HOME` defaults to `~/.claude-hybrid`);',
    '3. the project file, `<project>/.claude-hybrid/config.yaml`, where the project is the nearest directory at or above the working directory that holds `.claude-hybrid/` (as git finds its repository);',
    '4. environment variables `CLAUDE_HYBRID_*`;',
    '5. command-line flags (`--no-bundled`, `--agents-dir`).',
  ].join('\n'),
  'Files are YAML and validated strictly: an unknown key (usually a typo) is an error, as is a value of the wrong type or out of range. Every problem is reported with the file, line, key path, expected value and what was found, and the command exits `2` (`error[config.invalid]`); `claude-hybrid config validate` lists them all and `claude-hybrid config show` prints the effective values with their sources. A file that validated cleanly is remembered by path, mtime and size in `$CLAUDE_HYBRID_HOME/cache/config/`, so unchanged config costs later commands nothing.',
  'Environment variables are named after the key: `CLAUDE_HYBRID_` and the key path in upper snake case. Booleans accept `true/false`, `1/0`, `yes/no`, `on/off`; lists are separated by `:` (`;` on Windows); maps are JSON. An unknown `CLAUDE_HYBRID_*` variable is an error.',
];

const EXAMPLE = [
  'version: 1',
  'agents:',
  '  paths: [tools/agents]',
  '  bundled: true',
  'store:',
  '  busyTimeoutMs: 10000',
];

/** docs/configuration.md: the layering, then every key with its type, default and variable. */
export function renderConfigReference(): string {
  const sections = [
    '# Configuration reference',
    generatedNotice('src/config/config-keys.ts (CONFIG_KEYS) and src/config/defaults.ts'),
    ...HEADER,
    '## Keys',
    table(
      ['Key', 'Type', 'Default', 'Environment variable', 'Description'],
      CONFIG_KEYS.map(keyRow),
    ),
    '## Other environment variables',
    'These `CLAUDE_HYBRID_*` variables are not config keys:',
    table(['Variable', 'Meaning'], [...RESERVED_ENV].sort().map(reservedRow)),
    '## Example',
    `${code('.claude-hybrid/config.yaml')}:`,
    codeBlock('yaml', EXAMPLE),
  ];
  return `${sections.join('\n\n')}\n`;
}

function keyRow(key: ConfigKey): string[] {
  return [
    code(key.path),
    kindText(key.kind),
    code(JSON.stringify(getPath(DEFAULT_CONFIG, key.path))),
    code(envNameFor(key.path)),
    inlineText(key.description),
  ];
}

function kindText(kind: ConfigKind): string {
  switch (kind.type) {
    case 'integer':
    case 'number':
      return kind.min === kind.max
        ? `${kind.type}, ${kind.min}`
        : `${kind.type} ${kind.min}–${kind.max}`;
    case 'enum':
      return `one of ${kind.values.map(code).join(', ')}`;
    case 'string-list':
      return 'list of strings';
    case 'string-map':
      return 'map of strings';
    case 'agent-name':
      return 'agent name';
    case 'url':
      return 'URL';
    default:
      return kind.type;
  }
}

function reservedRow(name: string): string[] {
  const meaning = RESERVED_ENV_MEANINGS[name];
  if (meaning === undefined)
    throw new Error(`${name} is in RESERVED_ENV but has no meaning in render-config.ts`);
  return [code(name), meaning];
}
