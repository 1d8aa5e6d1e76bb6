import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { useTestDatabase } from '../support/db';
import { actorOf, bearer, call, errorOf, makeOrganizationWith, sessionHeaders } from '../support/accounts';
import { makeToken, makeUser } from '../support/factories';
import type { Db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { listApiTokens } from '../../lib/server/tokens/list-api-tokens';
import { revokeApiToken } from '../../lib/server/tokens/revoke-api-token';
import { listSigningKeys } from '../../lib/server/signing-keys/list-signing-keys';
import { addSigningKey } from '../../lib/server/signing-keys/add-signing-key';
import { revokeSigningKey } from '../../lib/server/signing-keys/revoke-signing-key';
import { listMembers } from '../../lib/server/members/list-members';
import { listInvitations } from '../../lib/server/invitations/list-invitations';
import { GET as listTokens, POST as createToken } from '../../app/api/v1/vendors/[vendor]/tokens/route';
import { DELETE as revokeToken } from '../../app/api/v1/vendors/[vendor]/tokens/[id]/route';
import { GET as listKeys } from '../../app/api/v1/vendors/[vendor]/signing-keys/route';
import { DELETE as revokeKey } from '../../app/api/v1/vendors/[vendor]/signing-keys/[id]/route';
import { GET as listMembersRoute } from '../../app/api/v1/vendors/[vendor]/members/route';
import { GET as getVendor } from '../../app/api/v1/vendors/[vendor]/route';

let prisma: Db;
let memberOfA: Actor;
let headersA: Headers;
let tokenA: string;
let tokenB: { id: string };
let keyB: { id: string };

// Org A's people and tokens must see nothing of org B (unverified, so not public).
beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  const a = await makeUser(prisma);
  const b = await makeUser(prisma);
  const orgA = await makeOrganizationWith(prisma, 'org-a', [{ userId: a.id, role: 'owner' }]);
  const orgB = await makeOrganizationWith(prisma, 'org-b', [{ userId: b.id, role: 'owner' }]);
  memberOfA = await actorOf(prisma, a.id);
  headersA = await sessionHeaders(prisma, a.id);
  tokenA = (await makeToken(prisma, { organizationId: orgA.id, createdById: a.id, scopes: ['tokens.read', 'tokens.write', 'signing-keys.read', 'signing-keys.write', 'members.read', 'organization.read'] })).token;
  tokenB = await makeToken(prisma, { organizationId: orgB.id, createdById: b.id, scopes: ['tokens.read'] });
  const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  keyB = await addSigningKey({ actor: await actorOf(prisma, b.id), sourceIp: null, slug: 'org-b', input: { name: 'b key', publicKey: pem } });
});

describe('a member of org A reaching for org B', () => {
  it('gets NOT_FOUND from every domain function', async () => {
    const calls = [
      listApiTokens({ actor: memberOfA, slug: 'org-b' }),
      revokeApiToken({ actor: memberOfA, sourceIp: null, slug: 'org-b', tokenId: tokenB.id }),
      listSigningKeys({ actor: memberOfA, slug: 'org-b' }),
      revokeSigningKey({ actor: memberOfA, sourceIp: null, slug: 'org-b', keyId: keyB.id }),
      listMembers({ actor: memberOfA, slug: 'org-b' }),
      listInvitations({ actor: memberOfA, slug: 'org-b' }),
    ];
    for (const c of calls) expect((await errorOf(c)).code).toBe('NOT_FOUND');
  });

  it.each([
    ['session', () => headersA],
    ['org A token', () => bearer(tokenA)],
  ])('gets 404 from every route handler (%s)', async (_label, headers) => {
    const responses = await Promise.all([
      call(getVendor, '/api/v1/vendors/org-b', { vendor: 'org-b' }, { headers: headers() }),
      call(listTokens, '/api/v1/vendors/org-b/tokens', { vendor: 'org-b' }, { headers: headers() }),
      call(createToken, '/api/v1/vendors/org-b/tokens', { vendor: 'org-b' }, { method: 'POST', headers: headers(), body: { name: 'x', scopes: ['tokens.read'] } }),
      call(revokeToken, `/api/v1/vendors/org-b/tokens/${tokenB.id}`, { vendor: 'org-b', id: tokenB.id }, { method: 'DELETE', headers: headers() }),
      call(listKeys, '/api/v1/vendors/org-b/signing-keys', { vendor: 'org-b' }, { headers: headers() }),
      call(revokeKey, `/api/v1/vendors/org-b/signing-keys/${keyB.id}`, { vendor: 'org-b', id: keyB.id }, { method: 'DELETE', headers: headers() }),
      call(listMembersRoute, '/api/v1/vendors/org-b/members', { vendor: 'org-b' }, { headers: headers() }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    for (const r of responses) expect(r.body.error.code).toBe('NOT_FOUND');
    expect(await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenB.id } })).toMatchObject({ revokedAt: null });
    expect(await prisma.signingKey.findUniqueOrThrow({ where: { id: keyB.id } })).toMatchObject({ revokedAt: null });
  });

  it('cannot touch org B’s token through org A’s URL either', async () => {
    const res = await call(revokeToken, `/api/v1/vendors/org-a/tokens/${tokenB.id}`, { vendor: 'org-a', id: tokenB.id }, { method: 'DELETE', headers: headersA });
    expect(res.status).toBe(404);
    expect(await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenB.id } })).toMatchObject({ revokedAt: null });
  });

  it('answers the same 404 for an organization that does not exist', async () => {
    const res = await call(listTokens, '/api/v1/vendors/no-such-org/tokens', { vendor: 'no-such-org' }, { headers: headersA });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No such vendor.');
  });
});
