import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import { actorOf, auditSince, auditText, bearer, call, errorOf, lastAuditId, makeOrganizationWith, sessionHeaders } from '../support/accounts';
import { makeUser } from '../support/factories';
import type { Db } from '../../lib/db/client';
import { hashToken } from '../../lib/auth/tokens';
import { createApiToken } from '../../lib/server/tokens/create-api-token';
import { listApiTokens } from '../../lib/server/tokens/list-api-tokens';
import { GET as listTokensRoute, POST as createTokenRoute } from '../../app/api/v1/vendors/[vendor]/tokens/route';
import { DELETE as revokeTokenRoute } from '../../app/api/v1/vendors/[vendor]/tokens/[id]/route';
import { GET as meRoute } from '../../app/api/v1/me/route';

let prisma: Db;
let ownerId: string;
let memberId: string;
beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  ownerId = (await makeUser(prisma)).id;
  memberId = (await makeUser(prisma)).id;
  await makeOrganizationWith(prisma, 'tokened', [{ userId: ownerId, role: 'owner' }, { userId: memberId, role: 'member' }]);
});

describe('when an owner creates an API token', () => {
  it('returns the secret once, stores only its hash, and audits without it', async () => {
    const before = await lastAuditId(prisma);
    const created = await createApiToken({ actor: await actorOf(prisma, ownerId), sourceIp: null, slug: 'tokened', input: { name: 'CI', scopes: ['submissions.write', 'products.read'] } });
    expect(created.token).toMatch(/^assay_[A-Za-z0-9_-]{43}$/);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(Object.values(row).map(String).join(' ')).not.toContain(created.token);
    expect(row.prefix).toBe(created.token.slice(0, 12));
    expect(row.scopes.sort()).toEqual(['products.read', 'submissions.write']);
    // Default expiry: 90 days.
    expect(Math.round((row.expiresAt!.getTime() - Date.now()) / 86_400_000)).toBe(90);
    const events = await auditSince(prisma, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'token.create', actorUserId: ownerId, objectId: created.id });
    expect(auditText(events)).not.toContain(created.token);
    const listed = await listApiTokens({ actor: await actorOf(prisma, ownerId), slug: 'tokened' });
    expect(auditText(listed as never)).not.toContain(created.token);
    expect(listed.find((t) => t.id === created.id)).toMatchObject({ prefix: row.prefix, state: 'active' });
  });

  it('accepts "never" and refuses expiry outside 1–365 days', async () => {
    const actor = await actorOf(prisma, ownerId);
    const forever = await createApiToken({ actor, sourceIp: null, slug: 'tokened', input: { name: 'forever', scopes: ['tokens.read'], expiresInDays: 'never' } });
    expect(forever.expiresAt).toBeNull();
    for (const expiresInDays of [0, 366, 1.5]) {
      const err = await errorOf(createApiToken({ actor, sourceIp: null, slug: 'tokened', input: { name: 'x', scopes: ['tokens.read'], expiresInDays } }));
      expect(err.details.issues[0].field).toBe('expiresInDays');
    }
  });

  it('refuses unknown scopes and empty scope lists', async () => {
    const actor = await actorOf(prisma, ownerId);
    const unknown = await errorOf(createApiToken({ actor, sourceIp: null, slug: 'tokened', input: { name: 'x', scopes: ['users.write'] } }));
    expect(unknown.details.issues[0].field).toMatch(/^scopes/);
    const empty = await errorOf(createApiToken({ actor, sourceIp: null, slug: 'tokened', input: { name: 'x', scopes: [] } }));
    expect(empty.details.issues[0]).toMatchObject({ field: 'scopes', message: 'Choose at least one scope' });
  });
});

describe('scope limits', () => {
  it('a member lacks tokens.write; a token can only mint tokens within its own scopes', async () => {
    expect((await errorOf(createApiToken({ actor: await actorOf(prisma, memberId), sourceIp: null, slug: 'tokened', input: { name: 'm', scopes: ['products.read'] } }))).code).toBe('FORBIDDEN');
    const minting = await createApiToken({ actor: await actorOf(prisma, ownerId), sourceIp: null, slug: 'tokened', input: { name: 'minter', scopes: ['tokens.write', 'products.read'] } });
    const wider = await call(createTokenRoute, '/api/v1/vendors/tokened/tokens', { vendor: 'tokened' }, {
      method: 'POST',
      headers: bearer(minting.token),
      body: { name: 'wider', scopes: ['products.read', 'signing-keys.write'] },
    });
    expect(wider.status).toBe(422);
    expect(wider.body.error.details.issues).toEqual([{ field: 'scopes', message: expect.stringContaining('signing-keys.write') }]);
    const narrower = await call(createTokenRoute, '/api/v1/vendors/tokened/tokens', { vendor: 'tokened' }, {
      method: 'POST',
      headers: bearer(minting.token),
      body: { name: 'narrower', scopes: ['products.read'], expiresInDays: 7 },
    });
    expect(narrower.status).toBe(201);
    expect(narrower.body.token).toMatch(/^assay_/);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { objectId: narrower.body.id } });
    expect(event).toMatchObject({ actorType: 'token', actorTokenId: minting.id, action: 'token.create' });
  });
});

describe('when a token is used, revoked or expired', () => {
  it('authenticates until revoked, then answers 401 from the route handler', async () => {
    const created = await createApiToken({ actor: await actorOf(prisma, ownerId), sourceIp: null, slug: 'tokened', input: { name: 'soon-revoked', scopes: ['tokens.read'] } });
    const ok = await call(listTokensRoute, '/api/v1/vendors/tokened/tokens', { vendor: 'tokened' }, { headers: bearer(created.token) });
    expect(ok.status).toBe(200);
    expect(ok.body.items.some((t: { id: string; tokenHash?: string }) => t.id === created.id && t.tokenHash === undefined)).toBe(true);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).toBeInstanceOf(Date);

    const before = await lastAuditId(prisma);
    const revoked = await call(revokeTokenRoute, `/api/v1/vendors/tokened/tokens/${created.id}`, { vendor: 'tokened', id: created.id }, {
      method: 'DELETE',
      headers: await sessionHeaders(prisma, ownerId),
    });
    expect(revoked.status).toBe(200);
    const events = await auditSince(prisma, before);
    expect(events.map((e) => [e.action, e.actorUserId])).toEqual([['token.revoke', ownerId]]);

    const after = await call(listTokensRoute, '/api/v1/vendors/tokened/tokens', { vendor: 'tokened' }, { headers: bearer(created.token) });
    expect(after.status).toBe(401);
    expect(after.body.error).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers 401 once the token has expired', async () => {
    const created = await createApiToken({ actor: await actorOf(prisma, ownerId), sourceIp: null, slug: 'tokened', input: { name: 'short', scopes: ['tokens.read'], expiresInDays: 1 } });
    expect((await call(meRoute, '/api/v1/me', {}, { headers: bearer(created.token) })).body).toMatchObject({ kind: 'token', organization: { slug: 'tokened' } });
    await prisma.apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call(meRoute, '/api/v1/me', {}, { headers: bearer(created.token) });
    expect(expired.status).toBe(401);
  });

  it('answers 401 to a garbage bearer token', async () => {
    const res = await call(meRoute, '/api/v1/me', {}, { headers: bearer('assay_' + 'A'.repeat(43)) });
    expect(res.status).toBe(401);
  });

  it('answers 404 to a token lacking the scope (it cannot read the organization either)', async () => {
    const created = await createApiToken({ actor: await actorOf(prisma, ownerId), sourceIp: null, slug: 'tokened', input: { name: 'narrow', scopes: ['products.read'] } });
    const res = await call(listTokensRoute, '/api/v1/vendors/tokened/tokens', { vendor: 'tokened' }, { headers: bearer(created.token) });
    expect(res.status).toBe(404);
  });
});
