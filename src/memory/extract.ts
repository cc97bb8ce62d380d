/**
 * Memories a model or a user asked to keep, found in free text. Three forms:
 *
 *   ## Remember:                      { "remember": ["Use pnpm",
 *   Type: decision                      { "type": "gotcha", "content": "…",
 *   Content: Chose FTS5 for search,       "scope": "project" }] }
 *   because it ships with SQLite.
 *   Scope: project                    Always run the linter before committing.
 *
 * A block is a level 1-3 heading `Remember:`, `Add To Memory:` or `Memorize:` followed by
 * `Type:`, `Content:` and optional `Scope:`/`Target: project` lines; entries are separated by blank
 * lines or by a repeated key. JSON is any object with a `remember` array, fenced or in prose.
 * Directives are sentences that start with "remember that", "always" or "never" (also after
 * "please"). Code fences, headings, quotes and code comments are never read as directives.
 *
 * Sections: a block's or the JSON's type through `sectionOf`, else Notes. A directive goes to
 * Critical when it says must, critical, important, crucial, essential or mandatory; otherwise
 * "always"/"never" are working rules (Patterns) and "remember that" is a fact (Notes). A directive
 * that names this project, repo or codebase, or all agents, goes to the project memory.
 *
 * The scan is linear: every expression is compiled once, anchored or bounded, with no nested
 * quantifiers, and JSON is only parsed around a `"remember": [` key, a bounded number of times.
 */
import { checkContent, sectionOf } from './memory-file.js';
import type { MemorySection } from './memory-file.js';

export interface ExtractedMemory {
  readonly target: 'agent' | 'project';
  readonly section: MemorySection;
  readonly content: string;
  readonly source: 'block' | 'json' | 'directive';
}

/** A found memory and where it started, so the three forms can be merged in text order. */
interface Found {
  readonly at: number;
  readonly memory: ExtractedMemory;
}

const BLOCK_HEADING = /^#{1,3}[ \t]*(?:remember|add[ \t]+to[ \t]+memory|memori[sz]e)[ \t]*:/i;
const BLOCK_KEY = /^[ \t]*(?:[-*][ \t]+)?\**(type|content|scope|target)\**[ \t]*:\**[ \t]*(.*)$/i;
const HEADING = /^[ \t]{0,3}#{1,6}(?:[ \t]|$)/;
const FENCE = /^[ \t]{0,3}(?:```|~~~)/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/;
/** Lines that are code, quotes or tables, never prose a user wrote a rule in. */
const NOT_PROSE = /^[ \t]*(?:\/\/|\/\*|\*\/|>|\||<!--|[-*_]{3,}[ \t]*$)/;
/** An indented code block, when it does not continue a paragraph. */
const CODE_INDENT = /^(?: {4}|\t)/;
const DIRECTIVE =
  /(?:^|[.!?]["'\u201d\u2019)\]]*[ \t]+)(?:please,?[ \t]+)?(remember[ \t]+that[ \t]+|always[ \t]+|never[ \t]+)(?=[\p{L}\p{N}`"'])/giu;
const SENTENCE_END = /[.!?](?=["'\u201d\u2019)\]]*(?:[ \t]|$))/g;
const NEVER_MIND = /^never[ \t]+mind\b/i;
const CRITICAL_WORDS = /\b(?:must|critical|important|crucial|essential|mandatory)\b/i;
const PROJECT_WORDS =
  /\b(?:(?:this|the|our)[ \t]+(?:project|repo|repository|codebase)|all[ \t]+agents|every[ \t]+agent)\b/i;
const JSON_KEY = /"remember"[ \t\r\n]*:[ \t\r\n]*\[/g;

/** Largest JSON object looked at, in characters; a memory list is far smaller. */
const MAX_JSON_CHARS = 65_536;
/**
 * Brace matches tried in one text, found or not. Each costs at most {@link MAX_JSON_CHARS}, so a
 * text full of unbalanced `{` and `"remember"` keys stays cheap; an honest text needs one or two
 * per object, so this still leaves room for over a hundred objects.
 */
const MAX_BRACE_SCANS = 256;
/** Nearest `{` before a key tried as its object's start; the rest are nested objects. */
const MAX_OPENERS = 8;

/** Memories in `text`, in order of appearance, each content checked, without repeats. */
export function extractMemories(text: string): ExtractedMemory[] {
  const found: Found[] = [];
  // One line ending from here on, so `$` and `.` never meet a stray carriage return.
  const prose = findJson(text.replace(/\r\n?/g, '\n'), found);
  scanLines(prose, found);
  found.sort((left, right) => left.at - right.at);
  const seen = new Set<string>();
  const memories: ExtractedMemory[] = [];
  for (const { memory } of found) {
    const checked = checkContent(memory.content);
    if (!checked.ok) continue;
    const key = `${memory.target}\u0000${memory.section}\u0000${checked.content}`;
    if (seen.has(key)) continue;
    seen.add(key);
    memories.push({ ...memory, content: checked.content });
  }
  return memories;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function targetOf(scope: unknown): 'agent' | 'project' {
  return typeof scope === 'string' && scope.trim().toLowerCase() === 'project'
    ? 'project'
    : 'agent';
}

/** Finds JSON memories and returns `text` with each used object blanked, lines kept in place. */
function findJson(text: string, found: Found[]): string {
  const used: [number, number][] = [];
  let scans = 0;
  for (const key of text.matchAll(JSON_KEY)) {
    const keyAt = key.index;
    const covered = keyAt < (used.at(-1)?.[1] ?? 0);
    let opener = text.lastIndexOf('{', keyAt);
    for (let attempt = 0; attempt < MAX_OPENERS && opener >= 0; attempt += 1) {
      if (keyAt - opener > MAX_JSON_CHARS || (scans += 1) > MAX_BRACE_SCANS) break;
      const end = closingBrace(text, opener);
      const memories = end > keyAt ? jsonMemories(text.slice(opener, end + 1)) : undefined;
      if (memories !== undefined) {
        for (const memory of memories) found.push({ at: opener, memory });
        // An object nested in one already used is read, but blanking the outer one covers it.
        if (!covered) {
          while ((used.at(-1)?.[0] ?? -1) >= opener) used.pop();
          used.push([opener, end + 1]);
        }
        break;
      }
      opener = text.lastIndexOf('{', opener - 1);
    }
    if (scans > MAX_BRACE_SCANS) break;
  }
  let prose = '';
  let from = 0;
  for (const [start, end] of used) {
    prose += text.slice(from, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    from = end;
  }
  return prose + text.slice(from);
}

/** Index of the `}` closing the `{` at `opener`, skipping strings; -1 if not within reach. */
function closingBrace(text: string, opener: number): number {
  const limit = Math.min(text.length, opener + MAX_JSON_CHARS);
  let depth = 0;
  let inString = false;
  for (let index = opener; index < limit; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b) depth += 1;
    else if (char === 0x7d && (depth -= 1) === 0) return index;
  }
  return -1;
}

/** The memories of a `{ "remember": [...] }` object, or undefined if `source` is not one. */
function jsonMemories(source: string): ExtractedMemory[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return undefined;
  }
  const list = isRecord(value) ? value['remember'] : undefined;
  if (!Array.isArray(list)) return undefined;
  const memories: ExtractedMemory[] = [];
  // `Array.isArray` narrows `unknown` to `any[]`; each item is checked before use.
  for (const item of list as unknown[]) {
    if (typeof item === 'string') {
      memories.push({ target: 'agent', section: 'Notes', content: item, source: 'json' });
    } else if (isRecord(item) && typeof item['content'] === 'string') {
      const type = item['type'];
      const section = (typeof type === 'string' ? sectionOf(type) : undefined) ?? 'Notes';
      const target = targetOf(item['scope'] ?? item['target']);
      memories.push({ target, section, content: item['content'], source: 'json' });
    }
  }
  return memories;
}

/** The entries of one Remember block, fed to it line by line. */
class BlockReader {
  private type: string | undefined;
  private scope: string | undefined;
  private content: string[] | undefined;
  private at = 0;

  constructor(private readonly found: Found[]) {}

  /** Reads a line of the block; false means the block ended before it and it is prose. */
  read(line: string, trimmed: string, at: number): boolean {
    if (trimmed === '') {
      this.finish();
      return true;
    }
    const key = BLOCK_KEY.exec(line);
    if (key !== null) {
      const name = (key[1] ?? '').toLowerCase();
      const value = (key[2] ?? '').trim();
      if (name === 'type' || name === 'content') this.finish();
      if (name === 'type') this.type = value;
      else if (name === 'content') {
        this.content = value === '' ? [] : [value];
        this.at = at;
      } else this.scope = value;
      return true;
    }
    // After a blank line `content` is already finished, so only text right below it continues.
    if (this.content !== undefined && !HEADING.test(line)) {
      this.content.push(trimmed);
      return true;
    }
    this.finish();
    return false;
  }

  /** Records the entry read so far, once it has a Content line, and starts the next one. */
  finish(): void {
    if (this.content === undefined) return;
    const content = this.content.join('\n').trim();
    if (content !== '') {
      const section = (this.type === undefined ? undefined : sectionOf(this.type)) ?? 'Notes';
      const target = targetOf(this.scope);
      this.found.push({ at: this.at, memory: { target, section, content, source: 'block' } });
    }
    this.type = undefined;
    this.scope = undefined;
    this.content = undefined;
  }
}

/** Remember blocks and directives, line by line; fenced code is skipped. */
function scanLines(text: string, found: Found[]): void {
  let inFence = false;
  let block: BlockReader | undefined;
  let paragraph = '';
  let paragraphAt = 0;
  const flushParagraph = (): void => {
    if (paragraph !== '') findDirectives(paragraph, paragraphAt, found);
    paragraph = '';
  };
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const at = start;
    const line = text.slice(start, end);
    const trimmed = line.trim();
    start = end + 1;
    if (FENCE.test(line)) {
      flushParagraph();
      block?.finish();
      block = undefined;
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (block !== undefined) {
      if (block.read(line, trimmed, at)) continue;
      block = undefined;
    }
    if (BLOCK_HEADING.test(line)) {
      flushParagraph();
      block = new BlockReader(found);
      continue;
    }
    const codeLine = paragraph === '' && CODE_INDENT.test(line);
    if (trimmed === '' || codeLine || HEADING.test(line) || NOT_PROSE.test(line)) {
      flushParagraph();
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item !== null) flushParagraph();
    if (paragraph === '') {
      paragraphAt = at + (item?.[0].length ?? 0);
      paragraph = item === null ? trimmed : line.slice(item[0].length).trim();
    } else {
      paragraph += ` ${trimmed}`;
    }
  }
  flushParagraph();
  block?.finish();
}

/** Directive sentences in one paragraph or list item whose text starts at `at`. */
function findDirectives(paragraph: string, at: number, found: Found[]): void {
  for (const match of paragraph.matchAll(DIRECTIVE)) {
    const keyword = match[1] ?? '';
    const start = match.index + match[0].length - keyword.length;
    SENTENCE_END.lastIndex = start;
    const end = SENTENCE_END.exec(paragraph);
    const stop = end === null ? paragraph.length : end.index + 1;
    const sentence = paragraph.slice(start, stop);
    if (isQuestion(sentence) || NEVER_MIND.test(sentence)) continue;
    const remember = keyword.length > 8 && keyword.slice(0, 8).toLowerCase() === 'remember';
    const content = remember
      ? sentence.slice(keyword.length)
      : sentence.charAt(0).toUpperCase() + sentence.slice(1);
    const section: MemorySection = CRITICAL_WORDS.test(sentence)
      ? 'Critical'
      : remember
        ? 'Notes'
        : 'Patterns';
    const target = PROJECT_WORDS.test(sentence) ? 'project' : 'agent';
    found.push({ at: at + start, memory: { target, section, content, source: 'directive' } });
  }
}

/** Whether the closing run of `.`, `!` and `?` has a question mark: "Always?!" asks, not tells. */
function isQuestion(sentence: string): boolean {
  for (let index = sentence.length - 1; index >= 0; index -= 1) {
    const char = sentence[index];
    if (char === '?') return true;
    if (char !== '.' && char !== '!') return false;
  }
  return false;
}
