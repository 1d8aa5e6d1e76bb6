import Link from 'next/link';
import { MAIN_NAV, SITE, type NavItem } from '@/config/site';
import type { Actor } from '@/lib/auth/actor';
import { getSessionActor } from '@/lib/auth/session';
import { getPlatformSettings } from '@/lib/server/admin/platform-settings';
import { FOCUS_RING } from '@/components/ui/button';
import { NotificationBell } from '@/components/review/notification-bell';

function visibleItems(actor: Actor): NavItem[] {
  const role = actor.kind === 'user' ? actor.platformRole : null;
  return MAIN_NAV.filter(
    (i) =>
      i.show === 'always' ||
      (i.show === 'signed-in' && actor.kind === 'user') ||
      (i.show === 'reviewer' && (role === 'reviewer' || role === 'admin')) ||
      (i.show === 'admin' && role === 'admin'),
  );
}

const LINK = `rounded-md text-slate-700 hover:text-brand-600 dark:text-slate-300 dark:hover:text-brand-100 ${FOCUS_RING}`;
const MENU_PANEL =
  'absolute right-0 z-20 mt-2 w-56 rounded-lg border border-slate-200 bg-white p-2 text-sm shadow-lg dark:border-slate-800 dark:bg-slate-900';
const MENU_ITEM = `block rounded-md px-3 py-2 text-slate-800 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800 ${FOCUS_RING}`;

// Menus are <details> elements: they open without JavaScript and are keyboard-accessible.
export async function SiteHeader() {
  const [actor, name] = await Promise.all([
    getSessionActor(),
    getPlatformSettings().then((s) => s.platformName, () => SITE.name),
  ]);
  const items = visibleItems(actor);
  return (
    <header className="border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-950/80">
      <div className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3 sm:px-6">
        <Link href="/" className={`flex items-center gap-2 font-semibold tracking-tight ${FOCUS_RING}`} data-testid="platform-name">
          <span aria-hidden className="inline-block h-6 w-6 rounded-md bg-brand-600" />
          {name}
        </Link>
        <nav aria-label="Main" className="hidden flex-1 gap-5 text-sm sm:flex">
          {items.map((i) => (
            <Link key={i.href} href={i.href} className={LINK}>
              {i.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm sm:ml-0">
          {actor.kind === 'user' ? <NotificationBell actor={actor} /> : null}
          {actor.kind === 'user' ? (
            <details className="relative">
              <summary className={`flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1.5 hover:bg-slate-100 dark:hover:bg-slate-800 ${FOCUS_RING}`}>
                <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold uppercase text-brand-700 dark:bg-brand-700/40 dark:text-brand-100">
                  {(actor.name || actor.email).slice(0, 1)}
                </span>
                <span className="hidden max-w-48 truncate text-slate-700 sm:inline dark:text-slate-300" data-testid="signed-in-as">
                  {actor.email}
                </span>
                <span className="sr-only sm:hidden">Account menu for {actor.email}</span>
                <span aria-hidden className="text-slate-500">▾</span>
              </summary>
              <div className={MENU_PANEL}>
                <p className="truncate px-3 py-2 text-xs text-slate-600 dark:text-slate-400">
                  Signed in as <span className="font-medium text-slate-900 dark:text-slate-100">{actor.email}</span>
                  {actor.platformRole !== 'user' ? ` · ${actor.platformRole}` : null}
                </p>
                <Link href="/dashboard" className={MENU_ITEM}>
                  Dashboard
                </Link>
                {actor.platformRole === 'admin' ? (
                  <Link href="/admin" className={MENU_ITEM}>
                    Administration
                  </Link>
                ) : null}
                <Link href="/signout" className={MENU_ITEM}>
                  Sign out
                </Link>
              </div>
            </details>
          ) : (
            <>
              <Link href="/signin" className={LINK}>
                Sign in
              </Link>
              <Link href="/signup" className={`rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700 ${FOCUS_RING}`}>
                Sign up
              </Link>
            </>
          )}
          <details className="relative sm:hidden">
            <summary className={`flex cursor-pointer list-none items-center rounded-md px-2 py-1.5 hover:bg-slate-100 dark:hover:bg-slate-800 ${FOCUS_RING}`}>
              <span aria-hidden>☰</span>
              <span className="sr-only">Menu</span>
            </summary>
            <nav aria-label="Main (mobile)" className={MENU_PANEL}>
              {items.map((i) => (
                <Link key={i.href} href={i.href} className={MENU_ITEM}>
                  {i.label}
                </Link>
              ))}
            </nav>
          </details>
        </div>
      </div>
    </header>
  );
}
