import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import { actorOf, auditSince, call, errorOf, lastAuditId, makeOrganizationWith, sessionHeaders } from '../support/accounts';
import { makeUser } from '../support/factories';
import type { Db } from '../../lib/db/client';
import { ANONYMOUS } from '../../lib/auth/actor';
import { createOrganization } from '../../lib/server/organizations/create-organization';
import { updateOrganization } from '../../lib/server/organizations/update-organization';
import { getVendorProfile } from '../../lib/server/organizations/get-organization';
import { changeMemberRole } from '../../lib/server/members/change-member-role';
import { removeMember } from '../../lib/server/members/remove-member';
import { GET as getVendor } from '../../app/api/v1/vendors/[vendor]/route';
import { GET as getMembers } from '../../app/api/v1/vendors/[vendor]/members/route';
import { GET as getMe } from '../../app/api/v1/me/route';

let prisma: Db;
beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
});

describe('when a user creates an organization', () => {
  it('makes the creator its owner and audits organization.create once', async () => {
    const user = await makeUser(prisma);
    const before = await lastAuditId(prisma);
    const org = await createOrganization({ actor: await actorOf(prisma, user.id), sourceIp: '192.0.2.1', input: { name: 'Globex', slug: 'Globex', description: 'We make globes.' } });
    expect(org.slug).toBe('globex');
    const membership = await prisma.membership.findFirstOrThrow({ where: { organizationId: org.id } });
    expect(membership).toMatchObject({ userId: user.id, role: 'owner' });
    const events = await auditSince(prisma, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'organization.create', actorUserId: user.id, organizationId: org.id, sourceIp: '192.0.2.1' });
  });

  it.each([
    ['a', 'at least 2'],
    ['-lead', 'lowercase letters'],
    ['trail-', 'lowercase letters'],
    ['double--hyphen', 'lowercase letters'],
    ['under_score', 'lowercase letters'],
    ['x'.repeat(41), 'at most 40'],
    ['new', 'reserved'],
    ['admin', 'reserved'],
    ['api', 'reserved'],
    ['settings', 'reserved'],
  ])('refuses the slug %j', async (slug, message) => {
    const user = await makeUser(prisma);
    const err = await errorOf(createOrganization({ actor: await actorOf(prisma, user.id), sourceIp: null, input: { name: 'Some Org', slug } }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.issues[0].field).toBe('slug');
    expect(err.details.issues[0].message).toContain(message);
  });

  it('refuses a slug that is taken, naming the field', async () => {
    const user = await makeUser(prisma);
    const actor = await actorOf(prisma, user.id);
    await createOrganization({ actor, sourceIp: null, input: { name: 'Taken', slug: 'taken-one' } });
    const err = await errorOf(createOrganization({ actor, sourceIp: null, input: { name: 'Taken again', slug: 'taken-one' } }));
    expect(err.details.issues).toEqual([{ field: 'slug', message: expect.stringContaining('taken') }]);
  });

  it('refuses anonymous visitors', async () => {
    expect((await errorOf(createOrganization({ actor: ANONYMOUS, sourceIp: null, input: { name: 'X', slug: 'xx' } }))).code).toBe('UNAUTHENTICATED');
  });
});

describe('when an owner updates the profile', () => {
  it('saves it with before/after in the audit, and members may not', async () => {
    const owner = await makeUser(prisma);
    const member = await makeUser(prisma);
    await makeOrganizationWith(prisma, 'profiled', [{ userId: owner.id, role: 'owner' }, { userId: member.id, role: 'member' }]);
    const before = await lastAuditId(prisma);
    const updated = await updateOrganization({
      actor: await actorOf(prisma, owner.id),
      sourceIp: null,
      slug: 'profiled',
      input: { description: 'New words', website: 'https://profiled.example', lookasideUrls: 'https://sigs.profiled.example/lookaside\n' },
    });
    expect(updated).toMatchObject({ description: 'New words', website: 'https://profiled.example', lookasideUrls: ['https://sigs.profiled.example/lookaside'] });
    const events = await auditSince(prisma, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'organization.update', before: { description: '', website: null, lookasideUrls: [] } });
    expect((await errorOf(updateOrganization({ actor: await actorOf(prisma, member.id), sourceIp: null, slug: 'profiled', input: { description: 'x' } }))).code).toBe('FORBIDDEN');
  });
});

describe('the public vendor profile rule', () => {
  it('shows verified vendors to everyone, unverified ones only to insiders', async () => {
    const owner = await makeUser(prisma);
    const outsider = await makeUser(prisma);
    await makeOrganizationWith(prisma, 'open-vendor', [{ userId: owner.id, role: 'owner' }], { verified: true });
    await makeOrganizationWith(prisma, 'quiet-vendor', [{ userId: owner.id, role: 'owner' }]);
    const profile = await getVendorProfile({ actor: ANONYMOUS, slug: 'open-vendor' });
    expect(profile).toMatchObject({ slug: 'open-vendor', verified: true });
    expect(profile).not.toHaveProperty('id');
    expect((await errorOf(getVendorProfile({ actor: ANONYMOUS, slug: 'quiet-vendor' }))).code).toBe('NOT_FOUND');
    expect((await errorOf(getVendorProfile({ actor: await actorOf(prisma, outsider.id), slug: 'quiet-vendor' }))).code).toBe('NOT_FOUND');
    expect(await getVendorProfile({ actor: await actorOf(prisma, owner.id), slug: 'quiet-vendor' })).toMatchObject({ role: 'owner' });

    const anon = await call(getVendor, '/api/v1/vendors/quiet-vendor', { vendor: 'quiet-vendor' });
    expect(anon.status).toBe(404);
    expect(anon.body.error.code).toBe('NOT_FOUND');
    const insider = await call(getVendor, '/api/v1/vendors/quiet-vendor', { vendor: 'quiet-vendor' }, { headers: await sessionHeaders(prisma, owner.id) });
    expect(insider.status).toBe(200);
    expect(insider.body.role).toBe('owner');
  });

  it('becomes public once the vendor has a listing', async () => {
    const owner = await makeUser(prisma);
    const org = await makeOrganizationWith(prisma, 'listed-vendor', [{ userId: owner.id, role: 'owner' }]);
    expect((await errorOf(getVendorProfile({ actor: ANONYMOUS, slug: 'listed-vendor' }))).code).toBe('NOT_FOUND');
    const product = await prisma.product.create({ data: { organizationId: org.id, slug: 'app', name: 'App', repository: 'registry.example/listed/app' } });
    await prisma.listing.create({ data: { productId: product.id, organizationId: org.id } });
    expect(await getVendorProfile({ actor: ANONYMOUS, slug: 'listed-vendor' })).toMatchObject({ listingCount: 1 });
  });
});

describe('when members are managed', () => {
  it('keeps at least one owner when demoting or removing', async () => {
    const owner = await makeUser(prisma);
    const org = await makeOrganizationWith(prisma, 'one-owner', [{ userId: owner.id, role: 'owner' }]);
    const actor = await actorOf(prisma, owner.id);
    const m = await prisma.membership.findFirstOrThrow({ where: { organizationId: org.id } });
    const before = await lastAuditId(prisma);
    const demote = await errorOf(changeMemberRole({ actor, sourceIp: null, slug: 'one-owner', membershipId: m.id, input: { role: 'member' } }));
    expect(demote).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('at least one owner') });
    const leave = await errorOf(removeMember({ actor, sourceIp: null, slug: 'one-owner', membershipId: m.id }));
    expect(leave.code).toBe('CONFLICT');
    expect(await auditSince(prisma, before)).toHaveLength(0);
    expect(await prisma.membership.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ role: 'owner' });
  });

  it('lets owners promote and remove, members leave but not remove others, each audited once', async () => {
    const owner = await makeUser(prisma);
    const alice = await makeUser(prisma);
    const bob = await makeUser(prisma);
    const org = await makeOrganizationWith(prisma, 'team', [
      { userId: owner.id, role: 'owner' },
      { userId: alice.id, role: 'member' },
      { userId: bob.id, role: 'member' },
    ]);
    const [ownerM, aliceM, bobM] = await Promise.all(
      [owner.id, alice.id, bob.id].map((userId) => prisma.membership.findUniqueOrThrow({ where: { userId_organizationId: { userId, organizationId: org.id } } })),
    );
    const ownerActor = await actorOf(prisma, owner.id);

    let before = await lastAuditId(prisma);
    await changeMemberRole({ actor: ownerActor, sourceIp: null, slug: 'team', membershipId: aliceM!.id, input: { role: 'owner' } });
    let events = await auditSince(prisma, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'member.update-role', actorUserId: owner.id, before: { role: 'member' }, after: { role: 'owner' } });

    // Now two owners: the original owner may step down.
    await changeMemberRole({ actor: ownerActor, sourceIp: null, slug: 'team', membershipId: ownerM!.id, input: { role: 'member' } });

    const bobActor = await actorOf(prisma, bob.id);
    expect((await errorOf(removeMember({ actor: bobActor, sourceIp: null, slug: 'team', membershipId: ownerM!.id }))).code).toBe('FORBIDDEN');
    expect((await errorOf(changeMemberRole({ actor: bobActor, sourceIp: null, slug: 'team', membershipId: bobM!.id, input: { role: 'owner' } }))).code).toBe('FORBIDDEN');

    before = await lastAuditId(prisma);
    await expect(removeMember({ actor: bobActor, sourceIp: null, slug: 'team', membershipId: bobM!.id })).resolves.toEqual({ left: true });
    events = await auditSince(prisma, before);
    expect(events.map((e) => [e.action, e.actorUserId])).toEqual([['member.leave', bob.id]]);

    before = await lastAuditId(prisma);
    await removeMember({ actor: await actorOf(prisma, alice.id), sourceIp: null, slug: 'team', membershipId: ownerM!.id });
    events = await auditSince(prisma, before);
    expect(events.map((e) => [e.action, e.actorUserId])).toEqual([['member.remove', alice.id]]);
    expect(await prisma.membership.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it('lists members page by page through the API', async () => {
    const owner = await makeUser(prisma);
    const others = await Promise.all([1, 2, 3].map(() => makeUser(prisma)));
    await makeOrganizationWith(prisma, 'paged', [{ userId: owner.id, role: 'owner' }, ...others.map((u) => ({ userId: u.id, role: 'member' as const }))]);
    const headers = await sessionHeaders(prisma, owner.id);
    const first = await call(getMembers, '/api/v1/vendors/paged/members?page=1&pageSize=3', { vendor: 'paged' }, { headers });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(first.body.items).toHaveLength(3);
    expect(first.body.items[0]).toMatchObject({ role: 'owner', user: { email: owner.email } });
    const second = await call(getMembers, '/api/v1/vendors/paged/members?page=2&pageSize=3', { vendor: 'paged' }, { headers });
    expect(second.body.items).toHaveLength(1);
    const bad = await call(getMembers, '/api/v1/vendors/paged/members?pageSize=1000', { vendor: 'paged' }, { headers });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.issues[0].field).toBe('pageSize');
  });
});

describe('GET /api/v1/me', () => {
  it('answers 401 to anonymous callers and describes a signed-in user with their organizations', async () => {
    const anon = await call(getMe, '/api/v1/me', {});
    expect(anon.status).toBe(401);
    const user = await makeUser(prisma);
    await makeOrganizationWith(prisma, 'me-org', [{ userId: user.id, role: 'member' }]);
    const me = await call(getMe, '/api/v1/me', {}, { headers: await sessionHeaders(prisma, user.id) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'user', user: { id: user.id, email: user.email }, organizations: [{ slug: 'me-org', role: 'member' }] });
  });
});
