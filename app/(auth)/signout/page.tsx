import type { Metadata } from 'next';
import Link from 'next/link';
import { getSessionActor } from '@/lib/auth/session';
import { Card } from '@/components/ui/card';
import { SignOutButton } from '@/components/accounts/sign-out-button';

export const metadata: Metadata = { title: 'Sign out' };

export default async function SignOutPage() {
  const actor = await getSessionActor();
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">Sign out</h1>
      {actor.kind === 'user' ? (
        <>
          <p className="mt-2 mb-6 text-sm text-slate-600 dark:text-slate-400">You are signed in as {actor.email}.</p>
          <SignOutButton />
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          You are not signed in. <Link href="/signin" className="text-brand-700 underline dark:text-brand-100">Sign in</Link>
        </p>
      )}
    </Card>
  );
}
