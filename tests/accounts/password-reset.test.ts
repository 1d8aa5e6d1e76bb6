import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import { auditSince, auditText, errorOf, lastAuditId, makeUserWithPassword, sessionHeaders, TEST_PASSWORD } from '../support/accounts';
import type { Db } from '../../lib/db/client';
import { requestPasswordReset, PASSWORD_RESET_TTL_MS } from '../../lib/server/users/request-password-reset';
import { isPasswordResetUsable, resetPassword } from '../../lib/server/users/reset-password';
import { signInWithPassword } from '../../lib/auth/sign-in';
import { sessionActorFromHeaders } from '../../lib/auth/session';
import { hashToken } from '../../lib/auth/tokens';
import { env } from '../../lib/env';

let prisma: Db;
beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
});

/** Requests a reset and reads the link from the outbox, as a person reads their mail. */
async function resetLinkFor(email: string): Promise<string> {
  await requestPasswordReset({ input: { email }, sourceIp: null });
  const mail = await prisma.outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: 'desc' } });
  const match = /\/reset\/([A-Za-z0-9_-]+)/.exec(mail.text);
  expect(match, 'the email carries a reset link').not.toBeNull();
  expect(mail.html).toContain(`/reset/${match![1]}`);
  return match![1]!;
}

describe('when a password reset is requested', () => {
  it('mails a link to a real account, stores only the hash, and audits the request', async () => {
    const user = await makeUserWithPassword(prisma);
    const before = await lastAuditId(prisma);
    const secret = await resetLinkFor(user.email);
    const row = await prisma.passwordResetToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).toBe(hashToken(secret));
    expect(row.tokenHash).not.toContain(secret);
    expect(Math.abs(row.expiresAt.getTime() - Date.now() - PASSWORD_RESET_TTL_MS)).toBeLessThan(60_000);
    const events = await auditSince(prisma, before);
    expect(events.map((e) => e.action)).toEqual(['auth.password-reset-request']);
    expect(auditText(events)).not.toContain(secret);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    await expect(requestPasswordReset({ input: { email: 'ghost@example.test' }, sourceIp: null })).resolves.toBeUndefined();
    expect(await prisma.outboxEmail.count({ where: { to: 'ghost@example.test' } })).toBe(0);
  });
});

describe('when the reset link is used', () => {
  it('sets the new password, ends existing sessions, and works only once', async () => {
    const user = await makeUserWithPassword(prisma);
    const oldSession = await sessionHeaders(prisma, user.id);
    expect((await sessionActorFromHeaders(oldSession)).kind).toBe('user');
    const secret = await resetLinkFor(user.email);
    expect(await isPasswordResetUsable(secret)).toBe(true);

    const before = await lastAuditId(prisma);
    await resetPassword({ input: { token: secret, password: 'brand-new-passphrase', confirm: 'brand-new-passphrase' }, sourceIp: '192.0.2.5' });
    const events = await auditSince(prisma, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'auth.password-reset', actorType: 'user', actorUserId: user.id });

    expect((await sessionActorFromHeaders(oldSession)).kind).toBe('anonymous');
    await expect(signInWithPassword(prisma, { email: user.email, password: 'brand-new-passphrase' }, null)).resolves.toMatchObject({ userId: user.id, sessionVersion: 1 });
    expect((await errorOf(signInWithPassword(prisma, { email: user.email, password: TEST_PASSWORD }, null))).code).toBe('UNAUTHENTICATED');

    expect(await isPasswordResetUsable(secret)).toBe(false);
    const again = await errorOf(resetPassword({ input: { token: secret, password: 'third-passphrase-x', confirm: 'third-passphrase-x' }, sourceIp: null }));
    expect(again.code).toBe('VALIDATION_FAILED');
    expect(again.message).toMatch(/invalid, expired or already used/);
  });

  it('refuses an expired link', async () => {
    const user = await makeUserWithPassword(prisma);
    const secret = await resetLinkFor(user.email);
    const later = new Date(Date.now() + PASSWORD_RESET_TTL_MS + 1000);
    const err = await errorOf(resetPassword({ input: { token: secret, password: 'brand-new-passphrase', confirm: 'brand-new-passphrase' }, sourceIp: null, now: later }));
    expect(err.code).toBe('VALIDATION_FAILED');
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.sessionVersion).toBe(0);
  });

  it('refuses mismatched confirmation without spending the link', async () => {
    const user = await makeUserWithPassword(prisma);
    const secret = await resetLinkFor(user.email);
    const err = await errorOf(resetPassword({ input: { token: secret, password: 'brand-new-passphrase', confirm: 'something-else-here' }, sourceIp: null }));
    expect(err.details.issues).toEqual([{ field: 'confirm', message: 'The passwords do not match' }]);
    expect(await isPasswordResetUsable(secret)).toBe(true);
  });

  it('unlocks a locked-out account', async () => {
    const user = await makeUserWithPassword(prisma);
    for (let i = 0; i < env().LOGIN_MAX_FAILURES; i++) {
      await signInWithPassword(prisma, { email: user.email, password: `wrong-${i}-password` }, null).catch(() => {});
    }
    expect((await errorOf(signInWithPassword(prisma, { email: user.email, password: TEST_PASSWORD }, null))).code).toBe('RATE_LIMITED');
    const secret = await resetLinkFor(user.email);
    await resetPassword({ input: { token: secret, password: 'unlocked-passphrase', confirm: 'unlocked-passphrase' }, sourceIp: null });
    await expect(signInWithPassword(prisma, { email: user.email, password: 'unlocked-passphrase' }, null)).resolves.toMatchObject({ userId: user.id });
  });
});
