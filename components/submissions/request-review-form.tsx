'use client';

import { useActionState } from 'react';
import { requestReviewAction } from '@/lib/actions/request-review';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

// checks-failed → awaiting-review: the vendor explains why a reviewer should waive or except the failures.
export function RequestReviewForm({ id }: { id: string }) {
  const [state, action] = useActionState(requestReviewAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="id" value={id} />
      <Field
        id="justification"
        label="Justification"
        hint="Which failed checks or findings should be waived or excepted, and why (false positive, not affected, mitigated…). The reviewer and the audit log see it."
        error={errors.justification}
      >
        <Textarea name="justification" rows={4} required minLength={10} maxLength={4000} />
      </Field>
      <SubmitButton pendingLabel="Sending…">Ask for review</SubmitButton>
    </form>
  );
}
