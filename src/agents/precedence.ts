import type { AgentEntry, AgentScope } from './definition.js';
import { SCOPE_RANK } from './definition.js';

export interface ShadowRecord {
  readonly name: string;
  readonly scope: AgentScope;
  readonly file: string;
  readonly shadowedBy: { readonly scope: AgentScope; readonly file: string };
}

export interface DuplicateRecord {
  readonly name: string;
  readonly scope: AgentScope;
  /** Every file defining the name in this scope; the first one is used. */
  readonly files: readonly string[];
}

/** What precedence needs of a discovered agent or skill. */
export interface PrecedenceCandidate {
  readonly definition: { readonly name: string };
  readonly scope: AgentScope;
  readonly file: string;
  /** A copy our deploy wrote and still owns. */
  readonly managed: boolean;
}

/** Agents by precedence: see resolveByPrecedence. */
export function resolvePrecedence(candidates: readonly AgentEntry[]): {
  agents: AgentEntry[];
  shadowed: ShadowRecord[];
  duplicates: DuplicateRecord[];
} {
  const { winners, shadowed, duplicates } = resolveByPrecedence(candidates);
  return { agents: winners, shadowed, duplicates };
}

/**
 * One winner per name, for agents and skills alike. Sources arrive in precedence order, so the
 * first definition of a name wins; a later one in the same scope is a duplicate, in a lower
 * scope it is shadowed. Our own deployed copies (managed, unmodified) only stand in when no
 * original of that name exists, so deploying never makes a name look shadowed or duplicated.
 */
export function resolveByPrecedence<Entry extends PrecedenceCandidate>(
  candidates: readonly Entry[],
): { winners: Entry[]; shadowed: ShadowRecord[]; duplicates: DuplicateRecord[] } {
  const winners = new Map<string, Entry>();
  const shadowed: ShadowRecord[] = [];
  const duplicates = new Map<string, { name: string; scope: AgentScope; files: string[] }>();
  const originals = candidates.filter((entry) => !entry.managed);
  const copies = candidates.filter((entry) => entry.managed);
  for (const entry of [...originals, ...copies]) {
    const name = entry.definition.name;
    const winner = winners.get(name);
    if (winner === undefined) {
      winners.set(name, entry);
      continue;
    }
    if (entry.managed) continue;
    if (SCOPE_RANK[winner.scope] === SCOPE_RANK[entry.scope]) {
      const key = `${entry.scope}:${name}`;
      const record = duplicates.get(key) ?? { name, scope: entry.scope, files: [winner.file] };
      record.files.push(entry.file);
      duplicates.set(key, record);
    } else {
      shadowed.push({
        name,
        scope: entry.scope,
        file: entry.file,
        shadowedBy: { scope: winner.scope, file: winner.file },
      });
    }
  }
  const sorted = [...winners.values()].sort((left, right) =>
    compareNames(left.definition.name, right.definition.name),
  );
  return { winners: sorted, shadowed, duplicates: [...duplicates.values()] };
}

/** Code-point order: names are ASCII kebab-case, and localeCompare would load ICU collation data. */
function compareNames(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
