import { readFileSync, statSync } from 'node:fs';
import { HybridError } from '../../errors.js';
import type { CodeOf } from '../../error-codes.js';
import { isCalendarDate, isMemoryName, sectionOf } from './memory.bundle.js';
import type { ImportGroup } from './memory.bundle.js';

/** What `memory export` writes and `memory import` reads. */
export const EXPORT_FORMAT = 1;
/** An import file is a memory export, not a data dump. */
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** A user error of the memory commands (exit 2). */
export function memoryError(code: CodeOf<'memory'>, message: string, hint: string): HybridError {
  return new HybridError(code, message, { hint, exitCode: 2 });
}

/** The entries of a `memory export` file, by agent; one-line errors for anything else. */
export function readExport(file: string): ImportGroup[] {
  let text: string;
  try {
    // The size is checked before anything is read: a huge file is refused without loading it.
    if (statSync(file).size > MAX_IMPORT_BYTES)
      throw memoryError(
        'memory.bad_import',
        `${file} is larger than 64 MiB`,
        'import a file written by memory export',
      );
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof HybridError) throw error;
    throw memoryError(
      'memory.bad_import',
      `cannot read ${file}: ${(error as Error).message}`,
      'check the path',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw memoryError(
      'memory.bad_import',
      `${file} is not JSON: ${(error as Error).message}`,
      'import a file written by memory export',
    );
  }
  const document = parsed as { format?: unknown; memories?: unknown } | null;
  if (
    typeof document !== 'object' ||
    document === null ||
    typeof document.memories !== 'object' ||
    document.memories === null
  )
    throw memoryError(
      'memory.bad_import',
      `${file} has no "memories" object`,
      'import a file written by memory export',
    );
  if (typeof document.format === 'number' && document.format > EXPORT_FORMAT)
    throw memoryError(
      'memory.bad_import',
      `${file} is export format ${document.format}, newer than this claude-hybrid reads`,
      'upgrade claude-hybrid',
    );
  const result: ImportGroup[] = [];
  for (const [agent, entries] of Object.entries(document.memories)) {
    if (!isMemoryName(agent) || !Array.isArray(entries))
      throw memoryError(
        'memory.bad_import',
        `${file}: "${agent}" is not an agent name with a list of entries`,
        'import a file written by memory export',
      );
    result.push({
      agent,
      entries: entries.map((entry: unknown, index) => {
        const value = entry as { section?: unknown; content?: unknown; date?: unknown } | null;
        if (typeof value?.content !== 'string')
          throw memoryError(
            'memory.bad_import',
            `${file}: ${agent} entry ${index + 1} has no text content`,
            'import a file written by memory export',
          );
        const date = value.date;
        // The exported date is kept; '' is an undated (hand-written) entry; none means today.
        if (
          date !== undefined &&
          (typeof date !== 'string' || (date !== '' && !isCalendarDate(date)))
        )
          throw memoryError(
            'memory.bad_import',
            `${file}: ${agent} entry ${index + 1} has date ${JSON.stringify(date).slice(0, 40)}, not YYYY-MM-DD`,
            'fix the date, or remove it to date the entry today',
          );
        return {
          section:
            (typeof value.section === 'string' ? sectionOf(value.section) : undefined) ?? 'Notes',
          content: value.content,
          ...(date === undefined ? {} : { date }),
        };
      }),
    });
  }
  return result;
}
