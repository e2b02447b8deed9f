/**
 * The one error type a use case throws. The HTTP layer turns it into
 * { error: { code, message } } with the message in the caller's language.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError(404, 'not_found');
export const forbidden = () => new AppError(403, 'forbidden');
export const badInput = (detail: string) => new AppError(400, 'validation_failed', { detail });
export const conflict = (detail: string) => new AppError(409, 'conflict', { detail });
