import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSessionActor } from '@/lib/auth/session';
import { Card } from '@/components/ui/card';
import { SignUpForm } from '@/components/accounts/sign-up-form';
import { returnPath } from '@/components/accounts/return-path';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackUrl = returnPath((await searchParams).callbackUrl);
  if ((await getSessionActor()).kind === 'user') redirect(callbackUrl);
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">Create an account</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600 dark:text-slate-400">
        Already have one?{' '}
        <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="text-brand-700 underline dark:text-brand-100">
          Sign in
        </Link>
      </p>
      <SignUpForm callbackUrl={callbackUrl} />
    </Card>
  );
}
