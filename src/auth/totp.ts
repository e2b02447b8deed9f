import { generateSecret, generateURI, verify } from 'otplib';
import type { Tx } from '../db/database.js';

/** RFC 6238 TOTP, 30 s steps, one step of clock drift either way. */
export const newTotpSecret = (): string => generateSecret();

export const totpUri = (secret: string, username: string): string => generateURI({ issuer: 'Lá Chắn', label: username, secret });

/** The 30-second step the code belongs to, or null when the code is wrong. */
async function matchStep(secret: string, code: string, now: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const r = await verify({ secret, token: code, epoch: Math.floor(now.getTime() / 1000), epochTolerance: 30 });
    return r.valid && 'timeStep' in r ? r.timeStep : null;
  } catch {
    return null;
  }
}

/**
 * True when the code is right and has not been used before (RFC 6238 §5.2: a verifier must not
 * accept the second attempt of a code after a successful one). The last accepted step is kept per
 * user; a code from the same or an older step is refused, so a code seen over a shoulder or in a
 * proxy log cannot be replayed within its window.
 */
export async function consumeTotp(db: Tx, userId: string, secret: string, code: string, now: Date): Promise<boolean> {
  const step = await matchStep(secret, code, now);
  if (step === null) return false;
  const r = await db
    .insertInto('auth_totp_steps')
    .values({ user_id: userId, last_step: step })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_step: step }).where('auth_totp_steps.last_step', '<', step))
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}
