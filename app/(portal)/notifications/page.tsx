import type { Metadata } from 'next';
import Link from 'next/link';
import { ZPaginationSchema } from '@/lib/api/pagination';
import { requireSignedInPage } from '@/lib/server/organizations/settings-page';
import { listNotifications } from '@/lib/server/notifications/list-notifications';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { Pagination } from '@/components/ui/pagination';
import { MarkReadButton } from '@/components/review/mark-read-button';

export const metadata: Metadata = { title: 'Notifications' };
export const dynamic = 'force-dynamic';

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireSignedInPage('/notifications');
  const raw = await searchParams;
  const page = ZPaginationSchema.safeParse({ page: raw.page, pageSize: 30 });
  const unreadOnly = raw.unread === '1';
  const list = await listNotifications({ actor, page: page.success ? page.data : { page: 1, pageSize: 30 }, unreadOnly });
  return (
    <div className="space-y-6">
      <PageHeader
        title="Notifications"
        description={`${list.unread} unread`}
        actions={list.unread ? <MarkReadButton label="Mark all read" /> : null}
      />
      <nav aria-label="Filter notifications" className="flex gap-4 text-sm">
        <Link href="/notifications" aria-current={!unreadOnly ? 'page' : undefined} className={!unreadOnly ? 'font-semibold' : 'text-brand-700 underline dark:text-brand-100'}>
          All
        </Link>
        <Link href="/notifications?unread=1" aria-current={unreadOnly ? 'page' : undefined} className={unreadOnly ? 'font-semibold' : 'text-brand-700 underline dark:text-brand-100'}>
          Unread
        </Link>
      </nav>
      {list.items.length ? (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {list.items.map((n) => (
            <li key={n.id} className={`flex flex-wrap items-start justify-between gap-3 p-4 ${n.readAt ? '' : 'bg-brand-50 dark:bg-brand-700/10'}`}>
              <div className="min-w-0">
                <p className="font-medium">
                  {!n.readAt ? <span className="sr-only">Unread: </span> : null}
                  {n.link ? (
                    <Link href={n.link} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                </p>
                {n.body ? <p className="mt-0.5 break-words text-sm text-slate-700 dark:text-slate-300">{n.body}</p> : null}
                <time className="text-xs text-slate-600 dark:text-slate-400" dateTime={n.createdAt.toISOString()}>
                  {n.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC
                </time>
              </div>
              {!n.readAt ? <MarkReadButton id={n.id} label="Mark read" /> : null}
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title={unreadOnly ? 'All caught up' : 'No notifications yet'}>Status changes, comments and decisions on your submissions show up here.</EmptyState>
      )}
      <Pagination basePath="/notifications" params={unreadOnly ? { unread: '1' } : {}} page={list.page} pageSize={list.pageSize} total={list.total} />
    </div>
  );
}
