/**
 * The confidence at or above which the router's first choice is trusted. Confidence is
 * calibrated so that, on the held-out labelled splits, a choice at or above this level is right
 * at least 95% of the time. Below it, `route` says it is unsure and names the runner-up, and
 * with `routing.llm: auto` a small model chooses among the best candidates.
 */
export const CONFIDENT_AT = 0.8;
