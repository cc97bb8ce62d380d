import type * as Re2js from 're2js';
import { printable, requireBundled } from '../files/index.js';

/**
 * One `hooks.denyBash` pattern, compiled by re2js (RE2 syntax), whose matching time grows
 * linearly with the command: no pattern can backtrack, so a repository's config cannot stall the
 * daemon that matches every project's Bash commands on its one thread (issue 15). The config
 * loader checks patterns with it (an invalid one is a config.invalid issue) and the daemon and
 * the in-process hook match with it. re2js (dist/vendor/re2js.cjs) loads only here, on the first
 * pattern: a command with no deny patterns never pays for it.
 */
export interface DenyPattern {
  /** The pattern as configured. */
  readonly source: string;
  /** Instructions in the compiled program: what one character of a command costs at worst. */
  readonly size: number;
  /** True when the pattern matches anywhere in `command` (like RegExp.prototype.test). */
  test(command: string): boolean;
}

/**
 * Longest pattern accepted. A deny rule names a command or a flag; 4 KiB is far above that and
 * keeps parsing and compiling a hostile pattern in the low milliseconds.
 */
export const MAX_PATTERN_LENGTH = 4096;

/**
 * Most instructions one compiled pattern may have. Matching costs at most about one nanosecond
 * per instruction per character (re2js's NFA, when its DFA gives up), and compiling costs about
 * a microsecond per instruction, so this bounds both; `a{1000}` (1,002) and a 4 KiB alternation
 * of words fit.
 */
export const MAX_PATTERN_SIZE = 5_000;

/**
 * The text-only estimate (estimatedSize) above which a pattern is refused without compiling it.
 * It is looser than MAX_PATTERN_SIZE because it over-counts (RE2 factors `(rm|rmdir)` into a
 * trie): it only has to stop patterns such as `x{1000}` repeated, which take seconds to compile.
 */
const MAX_ESTIMATED_SIZE = 4 * MAX_PATTERN_SIZE;

type Re2jsModule = typeof Re2js;
let re2js: Re2jsModule | undefined;

/** The compiled pattern, or what is wrong with it (one line, for "expected ..."). */
export function compileDenyPattern(
  source: string,
): { readonly pattern: DenyPattern } | { readonly problem: string } {
  if (source.length > MAX_PATTERN_LENGTH)
    return {
      problem: `at most ${MAX_PATTERN_LENGTH} characters (this one has ${source.length})`,
    };
  // Before compiling: `x{1000}` repeated fills 4 KiB and would take seconds to compile.
  const estimate = estimatedSize(source);
  if (estimate > MAX_ESTIMATED_SIZE) return { problem: tooComplex(estimate) };
  re2js ??= requireBundled('re2js') as Re2jsModule; // the package's own module
  let compiled: Re2js.RE2JS;
  try {
    compiled = re2js.RE2JS.compile(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      problem: `${printable(message.replace(/^error parsing regexp: /, ''), 200)} (RE2 syntax: no backreferences or lookarounds)`,
    };
  }
  const size = compiled.programSize();
  if (size > MAX_PATTERN_SIZE) return { problem: tooComplex(size) };
  return { pattern: { source, size, test: (command) => compiled.test(command) } };
}

function tooComplex(size: number): string {
  return `a simpler pattern (about ${size} steps; at most ${MAX_PATTERN_SIZE}: use fewer or smaller {n} repeats)`;
}

/**
 * An estimate of the instructions RE2 compiles `pattern` to, from its text alone (usually above,
 * at most a few instructions below): an atom costs 1, a group its contents, `{n,m}` multiplies
 * what it repeats. Escapes and character classes are skipped whole so their braces and
 * parentheses do not count. It only has to stop a pattern that would take long to compile;
 * the compiled program's own size is checked after.
 */
export function estimatedSize(pattern: string): number {
  interface Frame {
    /** Finished alternatives of this group. */
    done: number;
    /** The alternative being read. */
    branch: number;
    /** The size of the last atom, which a repeat applies to. */
    last: number;
  }
  const stack: Frame[] = [{ done: 0, branch: 0, last: 0 }];
  let frame = stack[0] as Frame; // just pushed
  const atom = (size: number): void => {
    frame.branch += size;
    frame.last = size;
  };
  const close = (): void => {
    const inner = stack.pop() as Frame; // the caller checked there is an inner frame
    frame = stack[stack.length - 1] as Frame;
    atom(inner.done + inner.branch + 2);
  };
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === '\\') {
      const next = pattern[index + 1];
      // \x{10FFFF}, \p{Greek}: the braces belong to the escape.
      if ((next === 'x' || next === 'p' || next === 'P') && pattern[index + 2] === '{') {
        const end = pattern.indexOf('}', index + 3);
        index = end === -1 ? pattern.length : end;
      } else index += 1;
      atom(1);
    } else if (char === '[') {
      let at = index + 1;
      if (pattern[at] === '^') at += 1;
      if (pattern[at] === ']') at += 1;
      while (at < pattern.length && pattern[at] !== ']') {
        if (pattern[at] === '\\') at += 1;
        else if (pattern[at] === '[' && pattern[at + 1] === ':') {
          const end = pattern.indexOf(':]', at + 2);
          if (end !== -1) at = end + 1;
        }
        at += 1;
      }
      index = at;
      atom(1);
    } else if (char === '(') {
      frame = { done: 0, branch: 0, last: 0 };
      stack.push(frame);
    } else if (char === ')') {
      if (stack.length > 1) close();
    } else if (char === '|') {
      frame.done += frame.branch + 1;
      frame.branch = 0;
      frame.last = 0;
    } else if (char === '{') {
      const repeat = /^\{(\d{1,9})(,(\d{0,9}))?\}/.exec(pattern.slice(index, index + 22));
      if (repeat === null) atom(1);
      else {
        // x{n,m} is n copies of x and m - n optional ones (each one instruction more);
        // x{n,} is n copies and a loop.
        const min = Number(repeat[1]);
        const optional =
          repeat[3] === undefined ? 0 : repeat[3] === '' ? 0 : Math.max(Number(repeat[3]) - min, 0);
        const total = frame.last * min + (frame.last + 1) * optional + (repeat[3] === '' ? 1 : 0);
        frame.branch += total - frame.last;
        frame.last = total;
        index += repeat[0].length - 1;
      }
    } else if (char === '*' || char === '+' || char === '?') {
      frame.branch += 1;
      frame.last += 1;
    } else atom(1);
  }
  while (stack.length > 1) close();
  return frame.done + frame.branch + 2;
}
