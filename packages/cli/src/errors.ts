/** A failure the user is told about in one line (no stack): `slipway: <message>`, exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    /** The HTTP status of the answer it comes from, if any. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
