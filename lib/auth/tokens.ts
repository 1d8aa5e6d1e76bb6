import { createHash, randomBytes } from 'node:crypto';

// API tokens: `assay_` + 32 random bytes in base64url. Only a SHA-256 of the whole token is stored
// (tokens are long random secrets, so a fast hash is enough, and lookups stay indexed). The prefix
// shown in lists is the first characters, never enough to use.
export const TOKEN_PREFIX = 'assay_';

export function generateToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, prefix: token.slice(0, TOKEN_PREFIX.length + 6), hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && value.length >= TOKEN_PREFIX.length + 40 && value.length <= 100;
}

/** A single-use secret for links sent by email (password reset, invitation). */
export function generateLinkSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashToken(secret) };
}
