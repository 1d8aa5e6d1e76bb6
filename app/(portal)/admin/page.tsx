import Link from 'next/link';
import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { FOCUS_RING } from '@/components/ui/button';
import { Time } from '@/components/admin/time';
import { loadForPage, requireAdminPage } from '@/lib/server/admin/admin-page';
import { getAdminOverview } from '@/lib/server/admin/get-admin-overview';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminOverviewPage() {
  const { actor } = await requireAdminPage();
  const { data } = await loadForPage(() => getAdminOverview({ actor }));
  const o = data!;
  const cards = [
    { href: '/admin/users', title: 'Users', value: o.users.total, detail: `${o.users.admins} admin(s), ${o.users.reviewers} reviewer(s), ${o.users.disabled} disabled` },
    { href: '/admin/organizations', title: 'Organizations', value: o.organizations.total, detail: `${o.organizations.verified} verified` },
    { href: '/admin/outbox', title: 'Outbox', value: o.outbox.total, detail: o.outbox.failed ? `${o.outbox.failed} failed to send` : 'emails sent or queued' },
    { href: '/admin/audit', title: 'Audit events', value: o.audit.total, detail: null, last: o.audit.lastAt },
  ];
  return (
    <>
      <PageHeader title="Administration" description="Users and roles, vendor organizations, outgoing mail, the audit trail and platform settings." />
      <ul className="grid gap-4 sm:grid-cols-2">
        {cards.map((c) => (
          <li key={c.href}>
            <Link href={c.href} className={`block rounded-lg ${FOCUS_RING}`}>
              <Card className="h-full transition-colors hover:border-brand-500">
                <h2 className="text-sm font-medium text-slate-600 dark:text-slate-400">{c.title}</h2>
                <p className="mt-1 text-3xl font-semibold tabular-nums">{c.value}</p>
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                  {c.detail ?? (
                    <>
                      latest: <Time iso={c.last ?? null} />
                    </>
                  )}
                </p>
              </Card>
            </Link>
          </li>
        ))}
      </ul>
      <p className="mt-6 text-sm">
        <Link href="/admin/settings" className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          Platform settings →
        </Link>
      </p>
    </>
  );
}
