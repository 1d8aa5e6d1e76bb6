import Link from 'next/link';
import type { Actor } from '@/lib/auth/actor';
import { countUnreadNotifications } from '@/lib/server/notifications/list-notifications';
import { FOCUS_RING } from '@/components/ui/button';

/** The header's bell: a link to the notifications page with the unread count. */
export async function NotificationBell({ actor }: { actor: Actor }) {
  const unread = await countUnreadNotifications(actor).catch(() => 0);
  const label = unread ? `Notifications: ${unread} unread` : 'Notifications';
  return (
    <Link href="/notifications" aria-label={label} title={label} className={`relative rounded-md px-2 py-1.5 text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800 ${FOCUS_RING}`} data-testid="notification-bell">
      <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      </svg>
      {unread ? (
        <span aria-hidden className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}
