'use client';

import { useEffect } from 'react';
import Link from 'next/link';
import { Button, buttonClasses } from '@/components/ui/button';

// Unexpected failures: no internals shown, a reference the operator can find in the server log.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section aria-labelledby="err-heading" className="mx-auto max-w-xl py-16 text-center" role="alert">
      <p className="text-sm font-semibold uppercase tracking-wide text-red-700 dark:text-red-400">Error</p>
      <h1 id="err-heading" className="mt-2 text-3xl font-semibold tracking-tight">
        Something went wrong
      </h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        This page could not be shown. Try again; if it keeps happening, tell your administrator
        {error.digest ? (
          <>
            {' '}
            the reference <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Button onClick={() => reset()}>Try again</Button>
        <Link href="/" className={buttonClasses('secondary')}>
          Go to the catalog
        </Link>
      </div>
    </section>
  );
}
