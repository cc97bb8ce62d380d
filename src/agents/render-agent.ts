import { yamlLibrary } from '../yaml/index.js';
import type { AgentDefinition } from './definition.js';

/**
 * Renders a definition back to a Claude Code agent file. The frontmatter is re-emitted from the
 * parsed fields in their original order, so unknown fields round-trip; the body is the full
 * prompt (including any BASE-AGENT.md, which Claude Code does not know about). Deterministic:
 * the same definition always renders to the same bytes, which keeps deploy idempotent.
 */
export function renderAgentFile(definition: AgentDefinition): string {
  const { stringify } = yamlLibrary();
  const fields = Object.fromEntries(Object.entries(definition.frontmatter));
  const yamlText = stringify(fields, { lineWidth: 0 });
  const prompt = definition.prompt.endsWith('\n') ? definition.prompt : `${definition.prompt}\n`;
  return `---\n${yamlText}---\n${prompt.startsWith('\n') ? '' : '\n'}${prompt}`;
}
