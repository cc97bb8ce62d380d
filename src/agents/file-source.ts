import { readFileSync } from 'node:fs';
import { AgentError } from '../errors.js';
import type { AgentSource } from './agent-record.js';
import { describeFsError } from './agent-file-reader.js';
import { splitFrontmatter } from './frontmatter.js';
import { parseFrontmatterYaml } from './frontmatter-fields.js';

/**
 * The text of an agent loaded from the disk cache, read from its file on first use of the
 * prompt or the raw frontmatter (listings use neither). The file was valid when it was cached
 * and its mtime and size still match; if it changed in between, that is reported, not guessed.
 */
export class FileSource implements AgentSource {
  #parts: { body: string; frontmatter: Readonly<Record<string, unknown>> } | undefined;

  constructor(private readonly file: string) {}

  body(): string {
    return this.parts().body;
  }

  frontmatter(): Readonly<Record<string, unknown>> {
    return this.parts().frontmatter;
  }

  private parts(): { body: string; frontmatter: Readonly<Record<string, unknown>> } {
    if (this.#parts !== undefined) return this.#parts;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      throw changedError(this.file, describeFsError(error));
    }
    const split = splitFrontmatter(text);
    const parsed = split === undefined ? undefined : parseFrontmatterYaml(split.yaml);
    if (
      split === undefined ||
      parsed === undefined ||
      parsed.error !== undefined ||
      typeof parsed.value !== 'object' ||
      parsed.value === null
    ) {
      throw changedError(this.file, 'its frontmatter no longer parses');
    }
    this.#parts = { body: split.body, frontmatter: parsed.value as Record<string, unknown> }; // checked to be an object above
    return this.#parts;
  }
}

function changedError(file: string, reason: string): AgentError {
  return new AgentError('agents.unreadable', `cannot read ${file}: ${reason}`, {
    hint: "it changed while claude-hybrid was running; run the command again, or 'claude-hybrid agents validate'",
  });
}
