import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { loadSettingsPage, orNotFound } from '@/lib/server/organizations/settings-page';
import { listMembers } from '@/lib/server/members/list-members';
import { listInvitations } from '@/lib/server/invitations/list-invitations';
import { removeMemberAction } from '@/lib/actions/remove-member';
import { revokeInvitationAction } from '@/lib/actions/revoke-invitation';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { TableCard } from '@/components/ui/table-card';
import { Table, TBody, THead, Td, Th } from '@/components/ui/table';
import { InlineActionForm } from '@/components/vendors/inline-action-form';
import { InviteForm } from '@/components/vendors/invite-form';
import { MemberRoleForm } from '@/components/vendors/member-role-form';

export const metadata: Metadata = { title: 'Members' };

const STATE_TONE = { pending: 'brand', accepted: 'success', revoked: 'neutral', expired: 'warning' } as const;

// Members see the list read-only (members.read) and may leave; owners change roles, remove and invite.
export default async function MembersPage({ params }: { params: Promise<{ vendor: string }> }) {
  const { vendor } = await params;
  const { ctx, organization, can } = await loadSettingsPage(vendor);
  if (!can.readMembers) notFound();
  const slug = organization.slug;
  const [members, invitations] = await Promise.all([
    orNotFound(() => listMembers({ actor: ctx.actor, slug, query: { pageSize: 100 } })),
    orNotFound(() => listInvitations({ actor: ctx.actor, slug })),
  ]);
  const isOwner = ctx.actor.memberships.some((m) => m.organizationId === organization.id && m.role === 'owner') || ctx.actor.platformRole === 'admin';
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Members" description={`${members.total} ${members.total === 1 ? 'person' : 'people'} in ${organization.name}.`} />
        <Table caption="Members">
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Joined</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {members.items.map((m) => {
              const self = m.user.id === ctx.actor.userId;
              return (
                <tr key={m.id}>
                  <Td>
                    {m.user.name} {self ? <span className="text-slate-600 dark:text-slate-400">(you)</span> : null}
                  </Td>
                  <Td>{m.user.email}</Td>
                  <Td>
                    {can.changeRoles ? (
                      <MemberRoleForm slug={slug} membershipId={m.id} email={m.user.email} role={m.role} />
                    ) : (
                      <Badge tone={m.role === 'owner' ? 'brand' : 'neutral'}>{m.role}</Badge>
                    )}
                  </Td>
                  <Td>{m.joinedAt.toISOString().slice(0, 10)}</Td>
                  <Td className="text-right">
                    {can.removeMembers || self ? (
                      <InlineActionForm
                        action={removeMemberAction}
                        fields={{ slug, id: m.id }}
                        label={self ? 'Leave' : 'Remove'}
                        accessibleLabel={self ? `Leave ${organization.name}` : `Remove ${m.user.email}`}
                        confirm={self ? `Leave ${organization.name}?` : `Remove ${m.user.email} from ${organization.name}?`}
                      />
                    ) : null}
                  </Td>
                </tr>
              );
            })}
          </TBody>
        </Table>
      </Card>

      {can.invite ? (
        <Card>
          <CardHeader title="Invite someone" description="Creates a link that works once for 7 days. With an email address, only that person can use it, and we email it to them." />
          <InviteForm slug={slug} canInviteOwners={isOwner} />
        </Card>
      ) : null}

      <TableCard
        title="Invitations"
        columns={['For', 'Role', 'State', 'Invited by', 'Expires', null]}
        empty="No invitations yet"
        rowCount={invitations.length}
      >
        {invitations.map((i) => (
          <tr key={i.id}>
            <Td>{i.email ?? <span className="text-slate-600 dark:text-slate-400">anyone with the link</span>}</Td>
            <Td>{i.role}</Td>
            <Td>
              <Badge tone={STATE_TONE[i.state]}>{i.state}</Badge>
              {i.acceptedBy ? <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">by {i.acceptedBy.email}</span> : null}
            </Td>
            <Td>{i.invitedBy.email}</Td>
            <Td>{i.expiresAt.toISOString().slice(0, 10)}</Td>
            <Td className="text-right">
              {can.invite && i.state === 'pending' ? (
                <InlineActionForm action={revokeInvitationAction} fields={{ slug, id: i.id }} label="Revoke" accessibleLabel={`Revoke invitation for ${i.email ?? 'link'}`} />
              ) : null}
            </Td>
          </tr>
        ))}
      </TableCard>
    </div>
  );
}
