import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import { actorOf, auditSince, auditText, errorOf, lastAuditId, makeOrganizationWith } from '../support/accounts';
import { makeUser } from '../support/factories';
import type { Db } from '../../lib/db/client';
import { hashToken } from '../../lib/auth/tokens';
import { createInvitation, INVITATION_TTL_MS } from '../../lib/server/invitations/create-invitation';
import { acceptInvitation, getInvitationBySecret } from '../../lib/server/invitations/accept-invitation';
import { revokeInvitation } from '../../lib/server/invitations/revoke-invitation';
import { listInvitations, listMyPendingInvitations } from '../../lib/server/invitations/list-invitations';

let prisma: Db;
let ownerId: string;
beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  const owner = await makeUser(prisma, { name: 'Olga Owner' });
  ownerId = owner.id;
  await makeOrganizationWith(prisma, 'inviting', [{ userId: owner.id, role: 'owner' }]);
});

const secretOf = (link: string) => link.split('/invite/')[1]!;

describe('when an owner invites by link', () => {
  it('stores only the hash, expires in 7 days, and audits without the secret', async () => {
    const before = await lastAuditId(prisma);
    const created = await createInvitation({ actor: await actorOf(prisma, ownerId), sourceIp: null, slug: 'inviting', input: {} });
    expect(created.link).toMatch(/^http:\/\/localhost:\d+\/invite\/[A-Za-z0-9_-]{40,}$/);
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } });
    expect(row.tokenHash).toBe(hashToken(secretOf(created.link)));
    expect(Math.abs(row.expiresAt.getTime() - Date.now() - INVITATION_TTL_MS)).toBeLessThan(60_000);
    expect(created.emailed).toBe(false);
    const events = await auditSince(prisma, before);
    expect(events.map((e) => e.action)).toEqual(['invitation.create']);
    expect(auditText(events)).not.toContain(secretOf(created.link));
  });

  it('lets any signed-in user join with an unbound link, once', async () => {
    const created = await createInvitation({ actor: await actorOf(prisma, ownerId), sourceIp: null, slug: 'inviting', input: { role: 'member' } });
    const joiner = await makeUser(prisma);
    const preview = await getInvitationBySecret({ secret: secretOf(created.link) });
    expect(preview).toMatchObject({ organization: { slug: 'inviting' }, invitedBy: 'Olga Owner', state: 'pending' });
    const before = await lastAuditId(prisma);
    const accepted = await acceptInvitation({ actor: await actorOf(prisma, joiner.id), sourceIp: null, secret: secretOf(created.link) });
    expect(accepted).toMatchObject({ organization: { slug: 'inviting' }, role: 'member' });
    const events = await auditSince(prisma, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'invitation.accept', actorUserId: joiner.id });
    const second = await makeUser(prisma);
    const again = await errorOf(acceptInvitation({ actor: await actorOf(prisma, second.id), sourceIp: null, secret: secretOf(created.link) }));
    expect(again).toMatchObject({ code: 'CONFLICT', message: 'This invitation was already used.' });
  });
});

describe('when the invitation is bound to an email', () => {
  it('mails the link and refuses other accounts with a clear error', async () => {
    const created = await createInvitation({ actor: await actorOf(prisma, ownerId), sourceIp: null, slug: 'inviting', input: { email: 'Invitee@Example.test' } });
    expect(created.emailed).toBe(true);
    const mail = await prisma.outboxEmail.findFirstOrThrow({ where: { to: 'invitee@example.test' } });
    expect(mail.subject).toBe('Join Org inviting on Assay');
    expect(mail.text).toContain(created.link);
    const stranger = await makeUser(prisma, { email: 'stranger@example.test' });
    const wrong = await errorOf(acceptInvitation({ actor: await actorOf(prisma, stranger.id), sourceIp: null, secret: secretOf(created.link) }));
    expect(wrong.code).toBe('FORBIDDEN');
    expect(wrong.message).toMatch(/different email address/);
    const invitee = await makeUser(prisma, { email: 'invitee@example.test' });
    expect(await listMyPendingInvitations({ actor: await actorOf(prisma, invitee.id) })).toHaveLength(1);
    await acceptInvitation({ actor: await actorOf(prisma, invitee.id), sourceIp: null, secret: secretOf(created.link) });
    expect(await listMyPendingInvitations({ actor: await actorOf(prisma, invitee.id) })).toHaveLength(0);
  });
});

describe('when the invitation is expired or revoked', () => {
  it('refuses an expired link', async () => {
    const created = await createInvitation({ actor: await actorOf(prisma, ownerId), sourceIp: null, slug: 'inviting', input: {} });
    const user = await makeUser(prisma);
    const later = new Date(Date.now() + INVITATION_TTL_MS + 1000);
    const err = await errorOf(acceptInvitation({ actor: await actorOf(prisma, user.id), sourceIp: null, secret: secretOf(created.link), now: later }));
    expect(err).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('expired') });
    expect(await prisma.membership.count({ where: { userId: user.id } })).toBe(0);
  });

  it('refuses a revoked link; revoking is audited once', async () => {
    const owner = await actorOf(prisma, ownerId);
    const created = await createInvitation({ actor: owner, sourceIp: null, slug: 'inviting', input: {} });
    const before = await lastAuditId(prisma);
    await revokeInvitation({ actor: owner, sourceIp: null, slug: 'inviting', invitationId: created.invitation.id });
    expect((await auditSince(prisma, before)).map((e) => e.action)).toEqual(['invitation.revoke']);
    const user = await makeUser(prisma);
    const err = await errorOf(acceptInvitation({ actor: await actorOf(prisma, user.id), sourceIp: null, secret: secretOf(created.link) }));
    expect(err).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('revoked') });
    const listed = await listInvitations({ actor: owner, slug: 'inviting' });
    expect(listed.find((i) => i.id === created.invitation.id)?.state).toBe('revoked');
  });

  it('says a made-up link is not valid', async () => {
    const user = await makeUser(prisma);
    const err = await errorOf(acceptInvitation({ actor: await actorOf(prisma, user.id), sourceIp: null, secret: 'x'.repeat(43) }));
    expect(err.code).toBe('NOT_FOUND');
  });
});

describe('who may invite', () => {
  it('refuses members (no members.invite) and outsiders (404)', async () => {
    const member = await makeUser(prisma);
    const outsider = await makeUser(prisma);
    const org = await prisma.organization.findUniqueOrThrow({ where: { slug: 'inviting' } });
    await prisma.membership.create({ data: { userId: member.id, organizationId: org.id, role: 'member' } });
    expect((await errorOf(createInvitation({ actor: await actorOf(prisma, member.id), sourceIp: null, slug: 'inviting', input: {} }))).code).toBe('FORBIDDEN');
    expect((await errorOf(createInvitation({ actor: await actorOf(prisma, outsider.id), sourceIp: null, slug: 'inviting', input: {} }))).code).toBe('NOT_FOUND');
  });
});
