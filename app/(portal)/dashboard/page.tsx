import type { Metadata } from 'next';
import Link from 'next/link';
import { requireSignedInPage } from '@/lib/server/organizations/settings-page';
import { listMyOrganizations } from '@/lib/server/organizations/list-my-organizations';
import { listMyPendingInvitations } from '@/lib/server/invitations/list-invitations';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const { actor } = await requireSignedInPage('/dashboard');
  const [organizations, invitations] = await Promise.all([listMyOrganizations({ actor }), listMyPendingInvitations({ actor })]);
  return (
    <div className="space-y-8">
      <PageHeader
        title={`Welcome, ${actor.name}`}
        description="Your vendor organizations and invitations."
        actions={
          <Link href="/vendors/new" className={buttonClasses('primary')}>
            Create organization
          </Link>
        }
      />
      {invitations.length > 0 ? (
        <Card>
          <CardHeader title="Pending invitations" description="Open the link from the invitation email to join." />
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>
                  <strong>{i.organization.name}</strong> — invited by {i.invitedBy.name} as {i.role}
                </span>
                <span className="text-slate-600 dark:text-slate-400">expires {i.expiresAt.toISOString().slice(0, 10)}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <section aria-labelledby="orgs-heading" className="space-y-3">
        <h2 id="orgs-heading" className="text-lg font-semibold tracking-tight">
          Your organizations
        </h2>
        {organizations.length === 0 ? (
          <EmptyState
            title="You are not in any vendor organization yet"
            action={
              <Link href="/vendors/new" className={buttonClasses('primary')}>
                Create an organization
              </Link>
            }
          >
            Create one to submit container images for certification, or ask a colleague for an invitation link.
          </EmptyState>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2">
            {organizations.map((o) => (
              <li key={o.id}>
                <Card className="h-full">
                  <div className="flex items-start justify-between gap-2">
                    <h3 className="font-semibold">
                      <Link href={`/vendors/${o.slug}/settings`} className="hover:text-brand-700 hover:underline dark:hover:text-brand-100">
                        {o.name}
                      </Link>
                    </h3>
                    <div className="flex gap-1">
                      {o.verified ? <Badge tone="success">Verified</Badge> : null}
                      <Badge tone={o.role === 'owner' ? 'brand' : 'neutral'}>{o.role}</Badge>
                    </div>
                  </div>
                  <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                    /vendors/{o.slug} · {o.memberCount} {o.memberCount === 1 ? 'member' : 'members'}
                  </p>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
