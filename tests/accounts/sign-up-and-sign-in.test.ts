import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import { auditSince, errorOf, lastAuditId, makeUserWithPassword, TEST_PASSWORD } from '../support/accounts';
import type { Db } from '../../lib/db/client';
import { createUser } from '../../lib/server/users/create-user';
import { signInWithPassword } from '../../lib/auth/sign-in';
import { verifyPassword } from '../../lib/auth/password';
import { env } from '../../lib/env';

let prisma: Db;
beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
});

describe('when someone signs up', () => {
  it('creates the user with an argon2id hash and audits user.create by the anonymous visitor', async () => {
    const before = await lastAuditId(prisma);
    const user = await createUser({ input: { name: 'Vera Vendor', email: ' Vera@Example.TEST ', password: 'a-long-enough-secret' }, sourceIp: '192.0.2.10' });
    expect(user.email).toBe('vera@example.test');
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash!, 'a-long-enough-secret')).toBe(true);
    const events = await auditSince(prisma, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'user.create', actorType: 'anonymous', objectId: user.id, sourceIp: '192.0.2.10' });
    expect(JSON.stringify(events[0]!.after)).not.toContain('a-long-enough-secret');
  });

  it('refuses a duplicate email with a field error on email and writes nothing', async () => {
    await createUser({ input: { name: 'First', email: 'dup@example.test', password: 'a-long-enough-secret' }, sourceIp: null });
    const before = await lastAuditId(prisma);
    const err = await errorOf(createUser({ input: { name: 'Second', email: 'DUP@example.test', password: 'another-long-secret' }, sourceIp: null }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.issues).toEqual([{ field: 'email', message: expect.stringContaining('already exists') }]);
    expect(await prisma.user.count({ where: { email: 'dup@example.test' } })).toBe(1);
    expect(await auditSince(prisma, before)).toHaveLength(0);
  });

  it('names each invalid field: short password, bad email, missing name', async () => {
    const err = await errorOf(createUser({ input: { name: '', email: 'not-an-email', password: 'short' }, sourceIp: null }));
    expect(err.code).toBe('VALIDATION_FAILED');
    const fields = (err.details.issues as { field: string }[]).map((i) => i.field).sort();
    expect(fields).toEqual(['email', 'name', 'password']);
  });

  it('refuses common passwords', async () => {
    const err = await errorOf(createUser({ input: { name: 'C', email: 'common@example.test', password: 'password123' }, sourceIp: null }));
    expect(err.details.issues[0]).toMatchObject({ field: 'password', message: 'This password is too common' });
  });
});

describe('when someone signs in with a password', () => {
  it('succeeds with the right password and records the sign-in', async () => {
    const user = await makeUserWithPassword(prisma);
    const before = await lastAuditId(prisma);
    const result = await signInWithPassword(prisma, { email: user.email, password: TEST_PASSWORD }, '192.0.2.20');
    expect(result).toEqual({ userId: user.id, sessionVersion: 0 });
    const events = await auditSince(prisma, before);
    expect(events.map((e) => e.action)).toEqual(['auth.sign-in']);
    expect(events[0]).toMatchObject({ actorType: 'user', actorUserId: user.id });
  });

  it('fails with the same message for a wrong password and an unknown account', async () => {
    const user = await makeUserWithPassword(prisma);
    const wrong = await errorOf(signInWithPassword(prisma, { email: user.email, password: 'not-the-password' }, null));
    const unknown = await errorOf(signInWithPassword(prisma, { email: 'nobody@example.test', password: 'whatever-else' }, null));
    expect(wrong).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong email or password.' });
    expect(unknown).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong email or password.' });
  });

  it(`locks the account after LOGIN_MAX_FAILURES wrong passwords, even for the right password`, async () => {
    const user = await makeUserWithPassword(prisma);
    const max = env().LOGIN_MAX_FAILURES;
    for (let i = 1; i < max; i++) {
      expect((await errorOf(signInWithPassword(prisma, { email: user.email, password: `wrong-${i}-password` }, null))).code).toBe('UNAUTHENTICATED');
    }
    const locking = await errorOf(signInWithPassword(prisma, { email: user.email, password: 'wrong-last-password' }, null));
    expect(locking.code).toBe('RATE_LIMITED');
    expect(locking.message).toMatch(/locked/);
    const right = await errorOf(signInWithPassword(prisma, { email: user.email, password: TEST_PASSWORD }, null));
    expect(right.code).toBe('RATE_LIMITED');
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await prisma.auditEvent.count({ where: { objectId: user.id, action: 'auth.locked' } })).toBe(1);
  });
});
