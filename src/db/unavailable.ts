import { AppError } from '../shared/errors.js';
import { registerMessages } from '../shared/i18n.js';

registerMessages({
  database_unavailable: {
    vi: 'Hệ thống tạm thời không kết nối được cơ sở dữ liệu; yêu cầu chưa được thực hiện. Vui lòng thử lại sau ít phút.',
    en: 'The database is temporarily unreachable; the request was not carried out. Please try again in a few minutes.',
  },
});

/**
 * The database cannot be reached, or the connection a request was using broke. The request's
 * transaction did not commit — or, if the break came during COMMIT, nobody can tell: the client
 * must retry (with its idempotency key), never assume. Answered as 503 with Retry-After.
 */
export class DatabaseUnavailable extends AppError {
  constructor(readonly reason: unknown) {
    super(503, 'database_unavailable');
    this.name = 'DatabaseUnavailable';
    this.message = `database unavailable: ${reason instanceof Error ? reason.message : String(reason)}`;
  }
}

/** Socket-level errors: the connection, not the statement, failed. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * SQLSTATEs that say the server went away or will not take the connection: class 08 (connection
 * exception), 57P01–57P03 (terminated by an administrator, crash or shutdown; not accepting
 * connections yet), 53300 (too many connections).
 */
const isUnavailableState = (code: string) => code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';

/**
 * pg reports a broken connection with plain Errors; these are its messages (pg 8, pg-pool 3), plus
 * the one Kysely throws for a connection it discarded after a failed rollback.
 */
const BROKEN = [
  /^Connection terminated/,
  /is not queryable$/,
  /^timeout exceeded when trying to connect$/,
  /^timeout expired$/,
  /^Postgres connection has been discarded$/,
  /^Query read timeout$/,
];

/** Is this error a lost or refused connection (as opposed to a statement the server refused)? */
export function isConnectionFailure(e: unknown): boolean {
  if (e instanceof DatabaseUnavailable) return true;
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isUnavailableState(code)))) return true;
  if (BROKEN.some((re) => re.test(e.message))) return true;
  const cause = (e as { cause?: unknown }).cause;
  return cause !== undefined && cause !== e && isConnectionFailure(cause);
}
