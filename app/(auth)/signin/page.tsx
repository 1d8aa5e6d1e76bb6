import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { env, oidcEnabled } from '@/lib/env';
import { getSessionActor } from '@/lib/auth/session';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { SignInForm } from '@/components/accounts/sign-in-form';
import { OidcButton } from '@/components/accounts/oidc-button';
import { describeSignInError } from '@/components/accounts/sign-in-errors';
import { returnPath } from '@/components/accounts/return-path';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = returnPath(params.callbackUrl);
  if ((await getSessionActor()).kind === 'user') redirect(callbackUrl);
  const error = typeof params.error === 'string' ? describeSignInError(params.error) : null;
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600 dark:text-slate-400">
        New here?{' '}
        <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="text-brand-700 underline dark:text-brand-100">
          Create an account
        </Link>
      </p>
      <div className="space-y-4">
        {params.reset === '1' ? <Alert tone="success">Your password was changed. Sign in with the new one.</Alert> : null}
        <SignInForm callbackUrl={callbackUrl} initialError={error} />
        {oidcEnabled() ? (
          <div className="border-t border-slate-200 pt-4 dark:border-slate-800">
            <OidcButton name={env().OIDC_NAME} callbackUrl={callbackUrl} />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
