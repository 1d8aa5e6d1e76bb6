'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { describeSignInError } from './sign-in-errors';

// Posts to next-auth's credentials callback (with its CSRF token) through signIn().
export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      // POST, so a submit before hydration never puts the password in the URL.
      method="post"
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        startTransition(async () => {
          const result = await signIn('credentials', { redirect: false, email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
          if (!result || result.error || !result.ok) {
            setError(describeSignInError(result?.error ?? 'CredentialsSignin'));
            return;
          }
          router.push(callbackUrl);
          router.refresh();
        });
      }}
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="email" label="Email">
        <Input name="email" type="email" autoComplete="email" required />
      </Field>
      <Field id="password" label="Password">
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </Button>
        <Link href="/reset" className="text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          Forgot your password?
        </Link>
      </div>
    </form>
  );
}
