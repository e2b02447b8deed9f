import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../shared/errors.js';
import { registerMessages } from '../shared/i18n.js';

registerMessages({
  password_too_short: { vi: 'Mật khẩu cần ít nhất {min} ký tự.', en: 'Password needs at least {min} characters.' },
  password_too_long: { vi: 'Mật khẩu dài quá {max} ký tự.', en: 'Password is longer than {max} characters.' },
  password_too_simple: { vi: 'Mật khẩu quá đơn giản.', en: 'Password is too simple.' },
});

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
// algorithm 2 = Argon2id (a const enum in the typings, unusable under verbatimModuleSyntax).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export function checkPasswordStrength(password: string): void {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN) throw new AppError(400, 'password_too_short', { min: PASSWORD_MIN });
  if (chars.length > PASSWORD_MAX) throw new AppError(400, 'password_too_long', { max: PASSWORD_MAX });
  if (new Set(chars).size < 5) throw new AppError(400, 'password_too_simple');
}

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

/** Compares in constant time; a malformed stored hash counts as a mismatch. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX * 4) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check, so an unknown username is not revealed by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('lachan-dummy-password');
  await verifyPassword(await dummy, password);
}
