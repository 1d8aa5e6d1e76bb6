import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import { makeMembership, makeOrganization, makeToken, makeUser } from '../support/factories';
import type { Db } from '../../lib/db/client';
import { ANONYMOUS, type Actor } from '../../lib/auth/actor';
import { assertAuthorized, authorize } from '../../lib/auth/authorize';
import { loadTokenActor, loadUserActor } from '../../lib/auth/load-actor';
import { ORGANIZATION_PERMISSIONS, PERMISSIONS, PLATFORM_PERMISSIONS, type Permission } from '../../lib/auth/permissions';
import { AppError } from '../../lib/errors';

// The expected decisions, written out by hand from the product rules — deliberately NOT derived from
// lib/auth/permissions.ts, so a wrong entry in the role table fails here. Columns: organization owner,
// organization member, platform reviewer, platform admin (for a resource in organization A).
// Everyone else — anonymous, a signed-in customer, a member of another organization — gets nothing.
const O = 'owner', M = 'member', R = 'reviewer', A = 'admin';
type Insider = typeof O | typeof M | typeof R | typeof A;
const EXPECTED: Record<Permission, Insider[]> = {
  'organization.read': [O, M, R, A],
  'organization.update': [O, A],
  'organization.delete': [O, A],
  'members.read': [O, M, A],
  'members.invite': [O, A],
  'members.update': [O, A],
  'members.remove': [O, A],
  'tokens.read': [O, M, A],
  'tokens.write': [O, A],
  'signing-keys.read': [O, M, R, A],
  'signing-keys.write': [O, A],
  'products.read': [O, M, R, A],
  'products.write': [O, M, A],
  'submissions.read': [O, M, R, A],
  'submissions.write': [O, M, A],
  'comments.write': [O, M, R, A],
  'webhooks.read': [O, M, A],
  'webhooks.write': [O, A],
  'reviews.read': [R, A],
  'reviews.decide': [R, A],
  'waivers.write': [R, A],
  'policies.read': [R, A],
  'policies.write': [A],
  'advisories.write': [A],
  'users.read': [A],
  'users.write': [A],
  'organizations.list': [A],
  'organizations.verify': [A],
  'settings.write': [A],
  'outbox.read': [A],
  'audit.read': [A],
};

type ActorName = Insider | 'anonymous' | 'customer' | 'other-org-owner' | 'other-org-member';
const OUTSIDERS = ['anonymous', 'customer', 'other-org-owner', 'other-org-member'] as const;

let prisma: Db;
let orgA: string;
let orgB: string;
const actors = {} as Record<ActorName, Actor>;
const tokenActors = new Map<Permission, Actor>();
let tokenB: Actor;

function codeOf(fn: () => void): string {
  try {
    fn();
    return 'allowed';
  } catch (e) {
    return e instanceof AppError ? e.code : `unexpected ${String(e)}`;
  }
}

beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  const a = await makeOrganization(prisma, { slug: 'org-a' });
  const b = await makeOrganization(prisma, { slug: 'org-b' });
  orgA = a.id;
  orgB = b.id;
  const owner = await makeUser(prisma, { email: 'owner@a.test' });
  const member = await makeUser(prisma, { email: 'member@a.test' });
  const reviewer = await makeUser(prisma, { email: 'reviewer@assay.test', platformRole: 'reviewer' });
  const admin = await makeUser(prisma, { email: 'admin@assay.test', platformRole: 'admin' });
  const customer = await makeUser(prisma, { email: 'customer@example.test' });
  const ownerB = await makeUser(prisma, { email: 'owner@b.test' });
  const memberB = await makeUser(prisma, { email: 'member@b.test' });
  await makeMembership(prisma, owner.id, orgA, 'owner');
  await makeMembership(prisma, member.id, orgA, 'member');
  await makeMembership(prisma, ownerB.id, orgB, 'owner');
  await makeMembership(prisma, memberB.id, orgB, 'member');
  const load = async (id: string) => (await loadUserActor(prisma, id))!;
  Object.assign(actors, {
    owner: await load(owner.id),
    member: await load(member.id),
    reviewer: await load(reviewer.id),
    admin: await load(admin.id),
    customer: await load(customer.id),
    'other-org-owner': await load(ownerB.id),
    'other-org-member': await load(memberB.id),
    anonymous: ANONYMOUS,
  });
  // One real token per scope, created by org A's owner and loaded the way a Bearer header is.
  for (const scope of ORGANIZATION_PERMISSIONS) {
    const { token } = await makeToken(prisma, { organizationId: orgA, createdById: owner.id, scopes: [scope] });
    tokenActors.set(scope, (await loadTokenActor(prisma, token))!);
  }
  const all = await makeToken(prisma, { organizationId: orgB, createdById: ownerB.id, scopes: [...ORGANIZATION_PERMISSIONS] });
  tokenB = (await loadTokenActor(prisma, all.token))!;
});

describe('the expectation table', () => {
  it('covers exactly the permissions the code defines', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PERMISSIONS].sort());
  });
});

describe('when users act on a resource in organization A', () => {
  for (const permission of PERMISSIONS) {
    it(`decides ${permission} as the table says for every role`, () => {
      for (const name of [O, M, R, A] as Insider[]) {
        expect({ name, allowed: authorize(actors[name], permission, { organizationId: orgA }) }).toEqual({
          name,
          allowed: EXPECTED[permission].includes(name),
        });
      }
      for (const name of OUTSIDERS) {
        expect({ name, allowed: authorize(actors[name], permission, { organizationId: orgA }) }).toEqual({ name, allowed: false });
      }
    });
  }

  it('throws the right error for each denial: 404 for outsiders, 403 for insiders, 401 only for anonymous on the platform', () => {
    for (const permission of PERMISSIONS) {
      const platform = (PLATFORM_PERMISSIONS as readonly string[]).includes(permission);
      const resource = platform ? {} : { organizationId: orgA };
      for (const name of [O, M, R, A] as Insider[]) {
        const expected = EXPECTED[permission].includes(name) ? 'allowed' : platform ? 'NOT_FOUND' : 'FORBIDDEN';
        expect({ name, permission, code: codeOf(() => assertAuthorized(actors[name], permission, resource)) }).toEqual({ name, permission, code: expected });
      }
      for (const name of ['customer', 'other-org-owner', 'other-org-member'] as const) {
        expect({ name, permission, code: codeOf(() => assertAuthorized(actors[name], permission, resource)) }).toEqual({ name, permission, code: 'NOT_FOUND' });
      }
      expect({ permission, code: codeOf(() => assertAuthorized(ANONYMOUS, permission, resource)) }).toEqual({
        permission,
        code: platform ? 'UNAUTHENTICATED' : 'NOT_FOUND',
      });
    }
  });
});

describe('when API tokens act', () => {
  for (const scope of ORGANIZATION_PERMISSIONS) {
    it(`a token scoped to ${scope} may do exactly that, only in its own organization, never on the platform`, () => {
      const token = tokenActors.get(scope)!;
      for (const permission of PERMISSIONS) {
        expect({ permission, inA: authorize(token, permission, { organizationId: orgA }) }).toEqual({ permission, inA: permission === scope });
        expect({ permission, inB: authorize(token, permission, { organizationId: orgB }) }).toEqual({ permission, inB: false });
        expect({ permission, platform: authorize(token, permission) }).toEqual({ permission, platform: false });
        if (permission !== scope) {
          // A token that may read the organization is an insider there (403); any other is not (404).
          const expected = scope === 'organization.read' ? 'FORBIDDEN' : 'NOT_FOUND';
          expect({ permission, code: codeOf(() => assertAuthorized(token, permission, { organizationId: orgA })) }).toEqual({ permission, code: expected });
        }
        expect({ permission, code: codeOf(() => assertAuthorized(token, permission, { organizationId: orgB })) }).toEqual({ permission, code: 'NOT_FOUND' });
      }
    });
  }

  it('a token with every scope in organization B gets nothing in organization A or on the platform', () => {
    for (const permission of PERMISSIONS) {
      expect(authorize(tokenB, permission, { organizationId: orgA })).toBe(false);
      expect(authorize(tokenB, permission)).toBe(false);
      expect(authorize(tokenB, permission, { organizationId: orgB })).toBe(!(PLATFORM_PERMISSIONS as readonly string[]).includes(permission));
    }
  });

  it('platform scopes smuggled into a token row are dropped when the token is loaded', async () => {
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: 'owner@a.test' } });
    const { token } = await makeToken(prisma, { organizationId: orgA, createdById: owner.id, scopes: ['users.write', 'audit.read', 'products.read'] as Permission[] });
    const actor = (await loadTokenActor(prisma, token))!;
    expect(actor.kind === 'token' && actor.scopes).toEqual(['products.read']);
    expect(authorize(actor, 'users.write')).toBe(false);
  });

  it('expired and revoked tokens, and tokens whose creator left the organization, load as nobody', async () => {
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: 'owner@a.test' } });
    const expired = await makeToken(prisma, { organizationId: orgA, createdById: owner.id, scopes: ['products.read'], expiresAt: new Date(Date.now() - 1000) });
    const revoked = await makeToken(prisma, { organizationId: orgA, createdById: owner.id, scopes: ['products.read'], revokedAt: new Date() });
    expect(await loadTokenActor(prisma, expired.token)).toBeNull();
    expect(await loadTokenActor(prisma, revoked.token)).toBeNull();
    const leaver = await makeUser(prisma, { email: 'leaver@a.test' });
    const membership = await makeMembership(prisma, leaver.id, orgA, 'owner');
    const left = await makeToken(prisma, { organizationId: orgA, createdById: leaver.id, scopes: ['products.read'] });
    expect(await loadTokenActor(prisma, left.token)).not.toBeNull();
    await prisma.membership.delete({ where: { id: membership.id } });
    expect(await loadTokenActor(prisma, left.token)).toBeNull();
  });
});

describe('when members of one organization reach into another', () => {
  it('they get NOT_FOUND for every organization permission, whatever their role at home', () => {
    for (const permission of ORGANIZATION_PERMISSIONS) {
      for (const name of [O, M] as const) {
        expect(authorize(actors[name], permission, { organizationId: orgB })).toBe(false);
        expect(codeOf(() => assertAuthorized(actors[name], permission, { organizationId: orgB }))).toBe('NOT_FOUND');
      }
      expect(authorize(actors.admin, permission, { organizationId: orgB })).toBe(true);
    }
  });

  it('the system actor may do everything', () => {
    for (const permission of PERMISSIONS) expect(authorize({ kind: 'system', label: 'test' }, permission, { organizationId: orgA })).toBe(true);
  });
});
