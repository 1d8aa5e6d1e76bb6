import Link from 'next/link';
import { MAIN_NAV } from '@/config/site';
import { getSessionActor } from '@/lib/auth/session';

export async function SiteHeader() {
  const actor = await getSessionActor();
  const role = actor.kind === 'user' ? actor.platformRole : null;
  const items = MAIN_NAV.filter(
    (i) =>
      i.show === 'always' ||
      (i.show === 'signed-in' && actor.kind === 'user') ||
      (i.show === 'reviewer' && (role === 'reviewer' || role === 'admin')) ||
      (i.show === 'admin' && role === 'admin'),
  );
  return (
    <header className="border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-950/80">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-6 w-6 rounded-md bg-brand-600" />
          Assay
        </Link>
        <nav aria-label="Main" className="flex flex-1 flex-wrap gap-4 text-sm">
          {items.map((i) => (
            <Link key={i.href} href={i.href} className="text-slate-700 hover:text-brand-600 dark:text-slate-300">
              {i.label}
            </Link>
          ))}
        </nav>
        <div className="flex items-center gap-3 text-sm">
          {actor.kind === 'user' ? (
            <>
              <span className="text-slate-600 dark:text-slate-400" data-testid="signed-in-as">{actor.email}</span>
              <Link href="/signout" className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900">
                Sign out
              </Link>
            </>
          ) : (
            <>
              <Link href="/signin" className="text-slate-700 hover:text-brand-600 dark:text-slate-300">Sign in</Link>
              <Link href="/signup" className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">Sign up</Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
