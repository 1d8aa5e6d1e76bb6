import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';

// Also what outsiders see for things they may not see: the same page as for things that do not exist.
export default function NotFound() {
  return (
    <section aria-labelledby="nf-heading" className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700 dark:text-brand-100">404</p>
      <h1 id="nf-heading" className="mt-2 text-3xl font-semibold tracking-tight" data-testid="not-found">
        Page not found
      </h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        There is nothing here, or you are not allowed to see it. If someone sent you this link, check that you are signed in with the right account.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link href="/" className={buttonClasses('primary')}>
          Browse the catalog
        </Link>
        <Link href="/signin" className={buttonClasses('secondary')}>
          Sign in
        </Link>
      </div>
    </section>
  );
}
