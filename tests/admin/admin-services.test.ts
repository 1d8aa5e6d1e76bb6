import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import { makeMembership, makeOrganization, makeUser } from '../support/factories';
import type { Db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { ANONYMOUS } from '../../lib/auth/actor';
import { loadUserActor } from '../../lib/auth/load-actor';
import { sessionActorFromHeaders } from '../../lib/auth/session';
import { AppError } from '../../lib/errors';
import { listUsers } from '../../lib/server/admin/list-users';
import { updateUser } from '../../lib/server/admin/update-user';
import { listOrganizations } from '../../lib/server/admin/list-organizations';
import { setOrganizationVerified } from '../../lib/server/admin/set-organization-verified';
import { getOutboxEmailOrThrow, listOutbox } from '../../lib/server/admin/list-outbox';
import { getAdminOverview } from '../../lib/server/admin/get-admin-overview';
import { getPlatformSettings, updatePlatformSettings } from '../../lib/server/admin/platform-settings';
import { listAuditEvents } from '../../lib/server/audit/list-audit-events';
import { exportAuditEvents } from '../../lib/server/audit/export-audit-events';
import { verifyAuditTrail } from '../../lib/server/audit/verify-audit-trail';
import { sessionCookie } from '../support/factories';

let prisma: Db;
let admin: Actor;
let owner: Actor;
let reviewer: Actor;
let customer: Actor;
let adminId: string;
let ownerId: string;
let orgSlug: string;

async function actorFor(id: string): Promise<Actor> {
  return (await loadUserActor(prisma, id))!;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return 'resolved';
}

beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  const a = await makeUser(prisma, { email: 'root@assay.test', platformRole: 'admin' });
  const r = await makeUser(prisma, { email: 'rita@assay.test', platformRole: 'reviewer' });
  const o = await makeUser(prisma, { email: 'olga@vendor.test', name: 'Olga Owner' });
  const c = await makeUser(prisma, { email: 'carl@customer.test' });
  const org = await makeOrganization(prisma, { slug: 'vendor-one', name: 'Vendor One' });
  await makeMembership(prisma, o.id, org.id, 'owner');
  adminId = a.id;
  ownerId = o.id;
  orgSlug = org.slug;
  [admin, reviewer, owner, customer] = await Promise.all([a.id, r.id, o.id, c.id].map(actorFor));
});

describe('when someone who is not an admin calls an admin service', () => {
  it('answers NOT_FOUND to signed-in non-admins (even organization owners and reviewers) and UNAUTHENTICATED to nobody', async () => {
    for (const actor of [owner, reviewer, customer]) {
      expect(await codeOf(listUsers({ actor, query: {} }))).toBe('NOT_FOUND');
      expect(await codeOf(updateUser({ actor, sourceIp: null, userId: ownerId, input: { platformRole: 'admin' } }))).toBe('NOT_FOUND');
      expect(await codeOf(listOrganizations({ actor, query: {} }))).toBe('NOT_FOUND');
      expect(await codeOf(setOrganizationVerified({ actor, sourceIp: null, slug: orgSlug, input: { verified: true } }))).toBe('NOT_FOUND');
      expect(await codeOf(listOutbox({ actor, query: {} }))).toBe('NOT_FOUND');
      expect(await codeOf(listAuditEvents({ actor, query: {} }))).toBe('NOT_FOUND');
      expect(await codeOf(exportAuditEvents({ actor, query: {} }))).toBe('NOT_FOUND');
      expect(await codeOf(verifyAuditTrail({ actor }))).toBe('NOT_FOUND');
      expect(await codeOf(getAdminOverview({ actor }))).toBe('NOT_FOUND');
      expect(await codeOf(updatePlatformSettings({ actor, sourceIp: null, input: { platformName: 'Hacked', defaultTokenExpiryDays: 1 } }))).toBe('NOT_FOUND');
    }
    expect(await codeOf(listUsers({ actor: ANONYMOUS, query: {} }))).toBe('UNAUTHENTICATED');
    const after = await prisma.user.findUniqueOrThrow({ where: { id: ownerId } });
    expect(after.platformRole).toBe('user');
    expect((await prisma.organization.findUniqueOrThrow({ where: { slug: orgSlug } })).verified).toBe(false);
  });
});

describe('when an admin lists users', () => {
  it('searches email and name case-insensitively, filters by role and paginates', async () => {
    const byName = await listUsers({ actor: admin, query: { q: 'OLGA' } });
    expect(byName.items.map((u) => u.email)).toEqual(['olga@vendor.test']);
    expect(byName.items[0]!.organizations).toEqual([{ slug: 'vendor-one', role: 'owner' }]);
    const reviewers = await listUsers({ actor: admin, query: { role: 'reviewer' } });
    expect(reviewers.items.map((u) => u.email)).toEqual(['rita@assay.test']);
    const page2 = await listUsers({ actor: admin, query: { page: '2', pageSize: '3' } });
    expect(page2).toMatchObject({ page: 2, pageSize: 3, total: 4 });
    expect(page2.items).toHaveLength(1);
  });

  it('rejects an unknown role filter naming the field', async () => {
    await expect(listUsers({ actor: admin, query: { role: 'superuser' } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['role'] })] });
  });
});

describe('when an admin changes platform roles', () => {
  it('promotes a user and audits the change with before and after', async () => {
    const user = await makeUser(prisma, { email: 'promote@assay.test' });
    const updated = await updateUser({ actor: admin, sourceIp: '203.0.113.5', userId: user.id, input: { platformRole: 'reviewer' } });
    expect(updated.platformRole).toBe('reviewer');
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { objectId: user.id, action: 'user.role-change' } });
    expect(event).toMatchObject({ actorUserId: adminId, actorLabel: 'root@assay.test', sourceIp: '203.0.113.5' });
    expect(event.before).toMatchObject({ platformRole: 'user' });
    expect(event.after).toMatchObject({ platformRole: 'reviewer' });
  });

  it('refuses to demote or disable the last active admin, and allows it once another admin exists', async () => {
    expect(await codeOf(updateUser({ actor: admin, sourceIp: null, userId: adminId, input: { platformRole: 'user' } }))).toBe('CONFLICT');
    expect((await prisma.user.findUniqueOrThrow({ where: { id: adminId } })).platformRole).toBe('admin');

    const second = await makeUser(prisma, { email: 'second-admin@assay.test', platformRole: 'admin', disabled: true });
    // A disabled admin does not count: the platform would still have nobody able to act.
    expect(await codeOf(updateUser({ actor: admin, sourceIp: null, userId: adminId, input: { platformRole: 'reviewer' } }))).toBe('CONFLICT');
    await updateUser({ actor: admin, sourceIp: null, userId: second.id, input: { disabled: false } });
    const secondActor = await actorFor(second.id);
    const demoted = await updateUser({ actor: secondActor, sourceIp: null, userId: adminId, input: { platformRole: 'reviewer' } });
    expect(demoted.platformRole).toBe('reviewer');
    expect(await codeOf(updateUser({ actor: secondActor, sourceIp: null, userId: second.id, input: { platformRole: 'user' } }))).toBe('CONFLICT');
    await updateUser({ actor: secondActor, sourceIp: null, userId: adminId, input: { platformRole: 'admin' } });
  });

  it('keeps one admin when two admins demote each other at the same time', async () => {
    const x = await makeUser(prisma, { email: 'race-x@assay.test', platformRole: 'admin' });
    const y = await makeUser(prisma, { email: 'race-y@assay.test', platformRole: 'admin' });
    const [ax, ay] = await Promise.all([actorFor(x.id), actorFor(y.id)]);
    // Leave only x and y as admins for the race.
    const others = await prisma.user.findMany({ where: { platformRole: 'admin', id: { notIn: [x.id, y.id] } }, select: { id: true } });
    await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { platformRole: 'user' } });
    try {
      const results = await Promise.allSettled([
        updateUser({ actor: ax, sourceIp: null, userId: y.id, input: { platformRole: 'user' } }),
        updateUser({ actor: ay, sourceIp: null, userId: x.id, input: { platformRole: 'user' } }),
      ]);
      // The second demotion must see the first; its authorization came from a stale actor, but the
      // last-admin guard still holds.
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await prisma.user.count({ where: { platformRole: 'admin', disabledAt: null } })).toBe(1);
    } finally {
      await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { platformRole: 'admin' } });
    }
  });
});

describe('when an admin disables a user', () => {
  it('bumps the session version so existing sessions end, blocks sign-in, and audits; enabling restores access', async () => {
    const user = await makeUser(prisma, { email: 'leaver@assay.test' });
    const cookie = await sessionCookie(user.id, 0);
    expect((await sessionActorFromHeaders(new Headers({ cookie }))).kind).toBe('user');

    const disabled = await updateUser({ actor: admin, sourceIp: null, userId: user.id, input: { disabled: true } });
    expect(disabled).toMatchObject({ disabled: true, sessionVersion: 1 });
    expect((await sessionActorFromHeaders(new Headers({ cookie }))).kind).toBe('anonymous');
    expect(await prisma.auditEvent.count({ where: { objectId: user.id, action: 'user.disable' } })).toBe(1);

    const enabled = await updateUser({ actor: admin, sourceIp: null, userId: user.id, input: { disabled: false } });
    expect(enabled).toMatchObject({ disabled: false, sessionVersion: 1 });
    // The old session stays ended; a new sign-in carries the new version.
    expect((await sessionActorFromHeaders(new Headers({ cookie }))).kind).toBe('anonymous');
    expect((await sessionActorFromHeaders(new Headers({ cookie: await sessionCookie(user.id, 1) }))).kind).toBe('user');
  });

  it('refuses to let admins disable themselves', async () => {
    expect(await codeOf(updateUser({ actor: admin, sourceIp: null, userId: adminId, input: { disabled: true } }))).toBe('CONFLICT');
  });

  it('answers NOT_FOUND for an unknown user id', async () => {
    expect(await codeOf(updateUser({ actor: admin, sourceIp: null, userId: 'nope', input: { disabled: true } }))).toBe('NOT_FOUND');
  });
});

describe('when an admin verifies an organization', () => {
  it('sets the flag and its time, audits before/after in the organization, and lists it with member counts', async () => {
    const result = await setOrganizationVerified({ actor: admin, sourceIp: '198.51.100.7', slug: orgSlug, input: { verified: true } });
    expect(result.verified).toBe(true);
    expect(result.verifiedAt).not.toBeNull();
    const org = await prisma.organization.findUniqueOrThrow({ where: { slug: orgSlug } });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'organization.verify', objectId: org.id } });
    expect(event).toMatchObject({ organizationId: org.id, sourceIp: '198.51.100.7', before: { slug: orgSlug, verified: false }, after: { slug: orgSlug, verified: true } });

    const listed = await listOrganizations({ actor: admin, query: { q: 'vendor', verified: 'true' } });
    expect(listed.items.map((o) => [o.slug, o.memberCount, o.verified])).toEqual([[orgSlug, 1, true]]);

    await setOrganizationVerified({ actor: admin, sourceIp: null, slug: orgSlug, input: { verified: false } });
    expect(await prisma.auditEvent.count({ where: { action: 'organization.unverify', objectId: org.id } })).toBe(1);
    expect((await prisma.organization.findUniqueOrThrow({ where: { slug: orgSlug } })).verifiedAt).toBeNull();
  });

  it('does not audit a change that changes nothing', async () => {
    const before = await prisma.auditEvent.count();
    await setOrganizationVerified({ actor: admin, sourceIp: null, slug: orgSlug, input: { verified: false } });
    expect(await prisma.auditEvent.count()).toBe(before);
  });
});

describe('when an admin reads the outbox', () => {
  it('lists emails newest first and opens one with its text', async () => {
    await prisma.outboxEmail.create({ data: { to: 'a@x.test', subject: 'First', text: 'one', createdAt: new Date('2026-01-01T00:00:00Z') } });
    const second = await prisma.outboxEmail.create({ data: { to: 'b@x.test', subject: 'Reset your password', text: 'Open https://assay.test/reset/abc', createdAt: new Date('2026-01-02T00:00:00Z') } });
    const page = await listOutbox({ actor: admin, query: {} });
    expect(page.items.map((e) => e.subject)).toEqual(['Reset your password', 'First']);
    const email = await getOutboxEmailOrThrow({ actor: admin, id: second.id });
    expect(email.text).toContain('https://assay.test/reset/abc');
    expect(await codeOf(getOutboxEmailOrThrow({ actor: customer, id: second.id }))).toBe('NOT_FOUND');
  });
});

describe('when an admin edits the platform settings', () => {
  it('validates, stores, audits only what changed, and reads back', async () => {
    expect(await getPlatformSettings()).toEqual({ platformName: 'Assay', defaultTokenExpiryDays: 90 });
    await expect(updatePlatformSettings({ actor: admin, sourceIp: null, input: { platformName: 'A', defaultTokenExpiryDays: 0 } })).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: ['platformName'] }), expect.objectContaining({ path: ['defaultTokenExpiryDays'] })]),
    });
    await updatePlatformSettings({ actor: admin, sourceIp: null, input: { platformName: 'Assay Staging', defaultTokenExpiryDays: '30' } });
    expect(await getPlatformSettings()).toEqual({ platformName: 'Assay Staging', defaultTokenExpiryDays: 30 });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'settings.update' }, orderBy: { id: 'desc' } });
    expect(event.before).toEqual({ platformName: 'Assay', defaultTokenExpiryDays: 90 });
    expect(event.after).toEqual({ platformName: 'Assay Staging', defaultTokenExpiryDays: 30 });
  });
});

describe('when an admin browses and exports the audit log', () => {
  it('filters by action (exact and prefix), actor, organization slug, object and date range, newest first', async () => {
    const all = await listAuditEvents({ actor: admin, query: { pageSize: '100' } });
    const ids = all.items.map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));

    const verify = await listAuditEvents({ actor: admin, query: { action: 'organization.verify' } });
    expect(verify.items.every((e) => e.action === 'organization.verify')).toBe(true);
    expect(verify.total).toBe(1);
    const userEvents = await listAuditEvents({ actor: admin, query: { action: 'user.*', pageSize: '100' } });
    expect(new Set(userEvents.items.map((e) => e.action))).toEqual(new Set(['user.role-change', 'user.disable', 'user.enable']));
    const byOrg = await listAuditEvents({ actor: admin, query: { organization: orgSlug } });
    expect(byOrg.items.map((e) => e.action).sort()).toEqual(['organization.unverify', 'organization.verify']);
    const byActor = await listAuditEvents({ actor: admin, query: { actor: 'ROOT@assay', objectType: 'settings' } });
    expect(byActor.items.map((e) => e.action)).toEqual(['settings.update']);
    const future = await listAuditEvents({ actor: admin, query: { from: '2999-01-01' } });
    expect(future.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const untilToday = await listAuditEvents({ actor: admin, query: { to: today } });
    expect(untilToday.total).toBe(all.total);
    await expect(listAuditEvents({ actor: admin, query: { from: 'yesterday-ish' } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['from'] })] });
  });

  it('exports the same filtered events as JSON lines, oldest first, with ids as strings, across batches', async () => {
    const lines: string[] = [];
    for await (const chunk of await exportAuditEvents({ actor: admin, query: { action: 'user.*' }, batchSize: 2 })) lines.push(...chunk.split('\n').filter(Boolean));
    const events = lines.map((l) => JSON.parse(l) as { id: string; action: string; hash: string });
    const listed = await listAuditEvents({ actor: admin, query: { action: 'user.*', pageSize: '100' } });
    expect(events.map((e) => e.id)).toEqual(listed.items.map((e) => e.id).reverse());
    expect(events.every((e) => typeof e.id === 'string' && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(events.length).toBeGreaterThan(2);
  });

  it('verifies the chain on demand', async () => {
    const result = await verifyAuditTrail({ actor: admin });
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(await prisma.auditEvent.count());
  });

  it('counts things on the overview', async () => {
    const overview = await getAdminOverview({ actor: admin });
    expect(overview.organizations).toEqual({ total: 1, verified: 0 });
    expect(overview.outbox.total).toBe(2);
    expect(overview.audit.total).toBe(await prisma.auditEvent.count());
  });
});
