/** A request the daemon turns away: answered with `status` and `{ error: message }`. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
