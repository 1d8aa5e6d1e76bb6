'use client';

import { resetPasswordAction } from '@/lib/actions/reset-password';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { FormStatus, fieldError } from './form-status';

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, onSubmit, pending] = useFormAction(resetPasswordAction, null);
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormStatus state={state} hideFieldErrors={!fieldError(state, 'token')} />
      <input type="hidden" name="token" value={token} />
      <Field id="password" label="New password" hint="At least 10 characters; not a common password." error={fieldError(state, 'password')}>
        <Input name="password" type="password" autoComplete="new-password" required minLength={10} />
      </Field>
      <Field id="confirm" label="Repeat the new password" error={fieldError(state, 'confirm')}>
        <Input name="confirm" type="password" autoComplete="new-password" required />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Saving…">Set new password</SubmitButton>
    </form>
  );
}
