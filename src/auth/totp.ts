import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 TOTP, 30 s steps, one step of clock drift either way. */
export const newTotpSecret = (): string => generateSecret();

export const totpUri = (secret: string, username: string): string =>
  generateURI({ issuer: 'Lá Chắn', label: username, secret });

export async function checkTotp(secret: string, code: string, now: Date): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    const r = await verify({ secret, token: code, epoch: Math.floor(now.getTime() / 1000), epochTolerance: 30 });
    return r.valid;
  } catch {
    return false;
  }
}
