/** A CLI failure with its exit code: 1 failure, 2 usage error (CONTRACT). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export function fail(message: string, exitCode: 1 | 2 = 1): never {
  throw new CliError(message, exitCode);
}
