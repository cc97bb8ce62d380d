import { CONFIG_KEYS } from './config-keys.js';
import { DEFAULT_CONFIG } from './defaults.js';
import { getPath } from './config-values.js';

/**
 * The commented config file `init` writes: every key, commented out at its default, with its
 * description, so the file documents itself and changes nothing until a line is uncommented.
 */
export function configTemplate(): string {
  const lines = [
    '# Claude Hybrid project configuration.',
    '# Precedence: defaults < user (~/.claude-hybrid/config.yaml) < this file < CLAUDE_HYBRID_* env < flags.',
    "# Uncomment a key to change it; 'claude-hybrid config show' prints the effective values.",
    'version: 1',
  ];
  let group = '';
  for (const key of CONFIG_KEYS) {
    if (key.path === 'version') continue;
    // The group is everything before the last part: `provider.bedrock` for
    // `provider.bedrock.region`.
    const cut = key.path.lastIndexOf('.');
    const head = key.path.slice(0, cut);
    const leaf = key.path.slice(cut + 1);
    if (head !== group) {
      lines.push('', `# ${head}:`);
      group = head;
    }
    const value = getPath(DEFAULT_CONFIG, key.path);
    lines.push(`#   # ${key.description}`, `#   ${leaf}: ${JSON.stringify(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
