/**
 * What `claude-hybrid doctor` and `hybrid.doctor()` report. Plain data with no imports, so the
 * library's public types can re-export it (src/library/types.ts).
 */

/** `ok`: healthy; `warn`: works, but worth a look; `fail`: broken; `skip`: not checked here. */
export type DoctorStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  /** Stable identifier, e.g. `node`, `sqlite`, `config`, `daemon`, `hooks`. */
  readonly id: string;
  /** What was checked, for a person. */
  readonly title: string;
  readonly status: DoctorStatus;
  /** What was found, on one line. Never a credential. */
  readonly detail: string;
  /** What to do about a warning or a failure: a command or a concrete change. */
  readonly fix?: string;
}

export interface DoctorReport {
  /** False when any check failed. */
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
  readonly counts: Readonly<Record<DoctorStatus, number>>;
}

export interface DoctorOptions {
  /**
   * Also try what needs the network: one cheap request to the model provider, and the shared
   * Postgres store when `store.url` is set. @default false
   */
  readonly online?: boolean;
  /** A missing API key fails instead of warning. @default false */
  readonly requireKey?: boolean;
}
