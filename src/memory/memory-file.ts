/**
 * Memory files: the human-editable source of truth for what agents remember, one
 * `.claude-hybrid/memories/<agent>.md` per agent plus `project.md`. The search index only mirrors
 * them, so parsing never loses text: whatever does not fit the format is still kept as an entry
 * and reported as a problem with its line, for the user to fix or for the next render to tidy.
 *
 *   # Memory: reviewer
 *   <!-- comments are ignored -->
 *
 *   ## Decisions
 *   - 2026-12-01: Chose SQLite FTS5 for memory search.
 *     Later lines of the same entry are indented by two spaces.
 *
 * Escaping: a content line whose first non-blank character would read as file structure (a `#`
 * heading, a code fence, `<!--`, a list marker `-`, `*` or `+`, a `YYYY-MM-DD:` date) or is a
 * backslash gets one backslash put in front of that character. Markdown shows `\#`, `\-` and the
 * like as the bare character, so the file still reads right, and the parser removes exactly one
 * backslash from any content line that starts (after blanks) with one, so every line round-trips.
 */

export const MEMORY_SECTIONS = [
  'Critical',
  'Environment',
  'Decisions',
  'Patterns',
  'Gotchas',
  'Notes',
] as const;
export type MemorySection = (typeof MEMORY_SECTIONS)[number];

/** One remembered fact. `date` is `YYYY-MM-DD`, or {@link UNDATED} for a hand-written line. */
export interface MemoryEntry {
  /** Normally a {@link MemorySection}; a hand-edited file may use its own headings, kept as-is. */
  readonly section: string;
  readonly date: string;
  readonly content: string;
}

/** Something in a memory file that did not fit the format; the text itself was still kept. */
export interface MemoryProblem {
  /** 1-based line number in the parsed text. */
  readonly line: number;
  readonly message: string;
}

/**
 * The date of an entry written without one. Empty rather than today's date, so parsing stays
 * pure and repeatable and the index can tell a hand-written line from a recorded one.
 */
export const UNDATED = '';

/**
 * Largest entry, in UTF-8 bytes. An entry is a fact, not a document: memories are injected into
 * prompts, and a bound per entry keeps one paste from crowding out the rest.
 */
export const MAX_ENTRY_BYTES = 4096;

const SYNONYMS: readonly (readonly [MemorySection, readonly string[]])[] = [
  ['Critical', ['critical', 'criticals', 'important', 'must']],
  ['Environment', ['environment', 'environments', 'env', 'setup', 'config', 'configuration']],
  ['Decisions', ['decision', 'decisions', 'choice', 'choices']],
  ['Patterns', ['pattern', 'patterns', 'convention', 'conventions', 'practice', 'practices']],
  ['Gotchas', ['gotcha', 'gotchas', 'pitfall', 'pitfalls', 'caveat', 'caveats', 'warning']],
  ['Notes', ['note', 'notes', 'general', 'misc', 'other', 'info']],
];
const SECTION_BY_WORD = new Map(
  SYNONYMS.flatMap(([section, words]) => words.map((word) => [word, section] as const)),
);
/** Headings recognised as standard sections: the exact names in any case, nothing looser. */
const SECTION_BY_HEADING = new Map(MEMORY_SECTIONS.map((name) => [name.toLowerCase(), name]));

/** The section for a memory type such as `decision`, `Gotchas` or `env`; any case or plural. */
export function sectionOf(type: string): MemorySection | undefined {
  return SECTION_BY_WORD.get(type.toLowerCase().replace(/[^\p{L}]/gu, ''));
}

const TITLE = /^# Memory:/i;
const HEADING = /^##[ \t]+(\S.*)$/;
const DATED_ENTRY = /^[-*+][ \t]+(\d{4}-\d{2}-\d{2}):[ \t]*(.*)$/;
const UNDATED_ENTRY = /^[-*+](?:[ \t]+(.*))?$/;
const CONTINUATION = /^(?: {2}|\t)/;
const NEEDS_ESCAPE = /^([ \t]*)(?=\\|#|```|~~~|<!--|[-*+](?:[ \t]|$)|\d{4}-\d{2}-\d{2}:)/;
const ESCAPED = /^([ \t]*)\\/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const NO_DATE = 'entry has no date; expected "- YYYY-MM-DD: text"';
const STRAY = 'text is not a "- YYYY-MM-DD: text" entry; kept as an undated entry';
const UNCLOSED_COMMENT = 'comment is never closed with "-->"; kept as an undated entry';
const BEFORE_SECTIONS = 'it comes before the first "## Section" heading, so it is kept under Notes';
const HEADER_COMMENT =
  '<!-- Maintained by claude-hybrid; you may edit it by hand: one entry per "- YYYY-MM-DD: text"' +
  ' line under a "## Section" heading, later lines of an entry indented by two spaces. -->';

function escapeLine(line: string): string {
  const match = NEEDS_ESCAPE.exec(line);
  if (match === null) return line;
  const indent = match[1] ?? '';
  return `${indent}\\${line.slice(indent.length)}`;
}

function unescapeLine(line: string): string {
  const match = ESCAPED.exec(line);
  if (match === null) return line;
  const indent = match[1] ?? '';
  return indent + line.slice(indent.length + 1);
}

/**
 * `content` ready to store: CRLF and lone CR become LF, trailing white space goes from every line
 * (editors strip it, and so does the parser, so keeping it would break the round trip), runs of
 * blank lines shrink to one, and the whole is trimmed. Empty content, control characters other
 * than newline and tab, and more than {@link MAX_ENTRY_BYTES} are refused with a reason. Markdown
 * is never refused: the renderer escapes what would break the file.
 */
export function checkContent(
  content: string,
): { ok: true; content: string } | { ok: false; reason: string } {
  const lines = content.split(/\r\n|\r|\n/).map((line) => line.trimEnd());
  const normalized = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (normalized === '') return { ok: false, reason: 'content is empty' };
  const control = CONTROL.exec(normalized);
  if (control !== null) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const line = normalized.slice(0, control.index).split('\n').length;
    return { ok: false, reason: `content has a control character (U+${code}) on line ${line}` };
  }
  const bytes = Buffer.byteLength(normalized, 'utf8');
  if (bytes > MAX_ENTRY_BYTES) {
    return {
      ok: false,
      reason: `content is ${bytes} bytes (UTF-8); the limit is ${MAX_ENTRY_BYTES} bytes`,
    };
  }
  return { ok: true, content: normalized };
}

/** Whether `date` is a real `YYYY-MM-DD` day. */
export function isCalendarDate(date: string): boolean {
  const time = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === date;
}

/** The heading an entry is rendered under: standard names in their own case, others as given. */
function headingOf(section: string): string {
  const name = section.replace(/\s+/g, ' ').trim();
  return SECTION_BY_HEADING.get(name.toLowerCase()) ?? (name === '' ? 'Notes' : name);
}

function renderEntry(entry: MemoryEntry): string {
  const [first = '', ...rest] = entry.content.split('\n').map(escapeLine);
  const date = entry.date === UNDATED ? '' : `${entry.date}: `;
  return [`- ${date}${first}`, ...rest.map((line) => (line === '' ? '' : `  ${line}`))].join('\n');
}

/**
 * The memory file for `agent`: title, a comment on hand-editing, then the standard sections in
 * {@link MEMORY_SECTIONS} order and custom ones in first-seen order, empty ones left out, entries
 * in the order given. The same entries always give the same bytes, and for content that passed
 * {@link checkContent} `parseMemoryFile` gives back exactly these entries.
 */
export function renderMemoryFile(agent: string, entries: readonly MemoryEntry[]): string {
  const groups = new Map<string, MemoryEntry[]>(MEMORY_SECTIONS.map((name) => [name, []]));
  for (const entry of entries) {
    const heading = headingOf(entry.section);
    const group = groups.get(heading);
    if (group === undefined) groups.set(heading, [entry]);
    else group.push(entry);
  }
  const lines = [`# Memory: ${agent.replace(/\s+/g, ' ').trim()}`, HEADER_COMMENT];
  for (const [heading, group] of groups) {
    if (group.length === 0) continue;
    lines.push('', `## ${heading}`, ...group.map(renderEntry));
  }
  return `${lines.join('\n')}\n`;
}

interface Draft {
  readonly section: string;
  readonly date: string;
  readonly lines: string[];
  readonly line: number;
  /** Started by text that was not an entry: the next unindented text line joins it. */
  readonly stray: boolean;
}

/**
 * Entries of a memory file, and what did not fit the format. Lenient, never throws: an undated
 * list item gets {@link UNDATED}, text outside any section goes under `Notes`, an unknown heading
 * keeps its own name, a line that is neither entry nor continuation starts an undated entry (the
 * unindented lines right after it join that entry), and each of these is reported as a problem.
 * Only the title, HTML comments and blank lines are dropped.
 */
export function parseMemoryFile(text: string): {
  entries: MemoryEntry[];
  problems: MemoryProblem[];
} {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const entries: MemoryEntry[] = [];
  const problems: MemoryProblem[] = [];
  let section: string | undefined;
  let draft: Draft | undefined;
  let blanks = 0;
  let titleAllowed = true;
  let neverClosed = Infinity;
  const finish = (): void => {
    if (draft === undefined) return;
    const content = draft.lines.join('\n').trim();
    if (content === '') problems.push({ line: draft.line, message: 'entry is empty; left out' });
    else entries.push({ section: draft.section, date: draft.date, content });
    draft = undefined;
  };
  /** Opens a new entry; `message`, when given, is the problem that entry's line has. */
  const start = (line: number, date: string, first: string, message?: string): void => {
    finish();
    draft = { section: section ?? 'Notes', date, lines: [first], line, stray: message === STRAY };
    const parts = [message, section === undefined ? BEFORE_SECTIONS : undefined];
    const text = parts.filter((part) => part !== undefined).join('; ');
    if (text !== '') problems.push({ line, message: text });
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').trimEnd();
    const number = index + 1;
    if (line === '') {
      blanks += 1;
      continue;
    }
    const afterBlank = blanks > 0;
    if (draft !== undefined && CONTINUATION.test(line)) {
      const indent = line.startsWith('\t') ? 1 : 2;
      for (; blanks > 0; blanks -= 1) draft.lines.push('');
      draft.lines.push(unescapeLine(line.slice(indent)));
      continue;
    }
    blanks = 0;
    if (line.startsWith('<!--')) {
      // Once a search found no `-->`, none further down can: this keeps the parse linear.
      const close = index < neverClosed ? findCommentEnd(lines, index) : undefined;
      if (close === undefined) neverClosed = Math.min(neverClosed, index);
      if (close !== undefined) {
        // Text after `-->` on the closing line is read as a line of its own.
        lines[close.line] = close.rest.trimStart();
        index = close.rest.trim() === '' ? close.line : close.line - 1;
        continue;
      }
      start(number, UNDATED, line, UNCLOSED_COMMENT);
      continue;
    }
    if (titleAllowed && TITLE.test(line)) {
      titleAllowed = false;
      continue;
    }
    titleAllowed = false;
    const heading = HEADING.exec(line);
    if (heading !== null) {
      finish();
      const name = (heading[1] ?? '').trim();
      const known = SECTION_BY_HEADING.get(name.toLowerCase());
      section = known ?? name;
      if (known === undefined) {
        const message = `"${name}" is not a standard section (${MEMORY_SECTIONS.join(', ')}); kept as-is`;
        problems.push({ line: number, message });
      }
      continue;
    }
    const dated = DATED_ENTRY.exec(line);
    if (dated !== null) {
      const date = dated[1] ?? '';
      start(number, date, unescapeLine(dated[2] ?? ''));
      if (!isCalendarDate(date)) {
        problems.push({ line: number, message: `"${date}" is not a real date; kept as written` });
      }
      continue;
    }
    const undated = UNDATED_ENTRY.exec(line);
    if (undated !== null) {
      start(number, UNDATED, unescapeLine(undated[1] ?? ''), NO_DATE);
      continue;
    }
    if (draft?.stray === true && !afterBlank) {
      draft.lines.push(line);
      continue;
    }
    start(number, UNDATED, line.trimStart(), STRAY);
  }
  finish();
  return { entries, problems };
}

/** Where the HTML comment opened on `lines[from]` closes, and the text after it on that line. */
function findCommentEnd(
  lines: readonly string[],
  from: number,
): { line: number; rest: string } | undefined {
  for (let index = from; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const end = line.indexOf('-->', index === from ? 4 : 0);
    if (end !== -1) return { line: index, rest: line.slice(end + 3) };
  }
  return undefined;
}
