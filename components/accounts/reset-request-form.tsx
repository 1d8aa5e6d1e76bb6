'use client';

import { requestPasswordResetAction } from '@/lib/actions/request-password-reset';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { FormStatus, fieldError } from './form-status';

export function ResetRequestForm() {
  const [state, onSubmit, pending] = useFormAction(requestPasswordResetAction, null);
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <Field id="email" label="Email" error={fieldError(state, 'email')}>
        <Input name="email" type="email" autoComplete="email" required />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Sending…">Send reset link</SubmitButton>
    </form>
  );
}
