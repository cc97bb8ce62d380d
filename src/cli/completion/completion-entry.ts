/**
 * What the build runs (scripts/build.mjs) to write the completion scripts into
 * `dist/completion/<shell>`: they depend on nothing but the version and the generated command
 * table, so `claude-hybrid completion bash` only reads one of these files (src/cli/main.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { completionScriptFromTable } from './completion-script.js';
import { SHELLS } from './shells.js';

export function writeCompletionScripts(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const shell of SHELLS) writeFileSync(join(dir, shell), completionScriptFromTable(shell));
}
