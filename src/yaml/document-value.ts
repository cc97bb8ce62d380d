import type { Document } from 'yaml';

/** Why a document whose aliases expand past the cap is refused; shared by agents, config and workflows. */
export const ALIAS_BOMB_REASON = 'uses YAML aliases that expand too far (an alias bomb)';

export type DocumentValue =
  | { readonly value: unknown; readonly error?: undefined }
  | { readonly value: undefined; readonly error: string };

/**
 * A parsed document as plain values. `toJS` throws a ReferenceError for an alias whose anchor is
 * missing, and for aliases that expand past `maxAliasCount` nodes (the "billion laughs" attack,
 * a few hundred bytes that would expand to gigabytes). Both are problems with the file, so they
 * come back as a one-line reason for the caller's own named error, never as an internal error.
 */
export function documentValue(document: Document, maxAliasCount: number): DocumentValue {
  try {
    return { value: document.toJS({ maxAliasCount }) as unknown };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    if (error.message.startsWith('Excessive alias count')) {
      return { value: undefined, error: ALIAS_BOMB_REASON };
    }
    return { value: undefined, error: error.message };
  }
}
