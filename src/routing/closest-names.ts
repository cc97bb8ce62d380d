/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(left: string, right: string): number {
  const previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    let diagonal = previous[0] ?? 0;
    previous[0] = row;
    for (let column = 1; column <= right.length; column += 1) {
      const above = previous[column] ?? 0;
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      previous[column] = Math.min(above + 1, (previous[column - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[right.length] ?? 0;
}

/** The `limit` names closest to `name`: substring matches first, then by edit distance. */
export function closestNames(name: string, names: readonly string[], limit = 3): string[] {
  return names
    .map((candidate) => ({
      candidate,
      distance:
        candidate.includes(name) || name.includes(candidate) ? 0 : editDistance(name, candidate),
    }))
    .sort(
      (left, right) =>
        left.distance - right.distance || (left.candidate < right.candidate ? -1 : 1),
    )
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/**
 * The one name `name` is most likely a typo of, for "did you mean": within two edits (or a
 * third of its length, for long names); else undefined.
 */
export function likelyTypoOf(name: string, names: readonly string[]): string | undefined {
  const [best] = closestNames(name, names, 1);
  if (best === undefined) return undefined;
  return editDistance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * `no agent named "x"; closest: a, b, c` (several missing names are listed, the first one's
 * closest names follow, those within half its length in edits). The one wording of every "no
 * such name" error.
 */
export function notFoundMessage(
  noun: string,
  missing: string | readonly string[],
  names: readonly string[],
  where = '',
): string {
  const list = typeof missing === 'string' ? [missing] : missing;
  const first = list[0];
  // Only names near enough to help: "nobody" is not close to ops, pm or qa.
  const close =
    first === undefined
      ? []
      : closestNames(first, names).filter(
          (name) =>
            name.includes(first) ||
            first.includes(name) ||
            editDistance(first, name) <= Math.max(2, Math.ceil(first.length / 2)),
        );
  const quoted = list.map((name) => `"${name}"`).join(', ');
  return `no ${noun} named ${quoted}${where}${close.length > 0 ? `; closest: ${close.join(', ')}` : ''}`;
}
