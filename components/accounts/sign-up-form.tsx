'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { signUpAction } from '@/lib/actions/sign-up';
import type { ActionState } from '@/lib/actions/run-action';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { FormStatus, fieldError } from './form-status';

// Creates the account through the server action, then signs in with the same credentials.
export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [state, setState] = useState<ActionState<{ email: string }>>(null);
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
          const created = await signUpAction(null, form);
          setState(created);
          if (!created?.ok) return;
          const result = await signIn('credentials', { redirect: false, email: String(form.get('email')), password: String(form.get('password')) });
          if (result?.error || !result?.ok) {
            router.push('/signin');
            return;
          }
          router.push(callbackUrl);
          router.refresh();
        });
      }}
    >
      <FormStatus state={state} />
      <Field id="name" label="Name" error={fieldError(state, 'name')}>
        <Input name="name" autoComplete="name" required />
      </Field>
      <Field id="email" label="Email" error={fieldError(state, 'email')}>
        <Input name="email" type="email" autoComplete="email" required />
      </Field>
      <Field id="password" label="Password" hint="At least 10 characters; not a common password." error={fieldError(state, 'password')}>
        <Input name="password" type="password" autoComplete="new-password" required minLength={10} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Creating your account…' : 'Create account'}
      </Button>
    </form>
  );
}
