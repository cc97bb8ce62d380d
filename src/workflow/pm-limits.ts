/** Delegations a PM plan may make unless told otherwise (`run --pm --max-delegations`). */
export const DEFAULT_MAX_DELEGATIONS = 7;
