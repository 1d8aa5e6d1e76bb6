'use client';

import { decideSubmissionAction } from '@/lib/actions/decide-submission';
import { useFormAction } from '@/components/ui/use-form-action';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormStatus, fieldError } from '@/components/accounts/form-status';

const DECISIONS = [
  ['approve', 'Approve and publish'],
  ['request-changes', 'Request changes'],
  ['reject', 'Reject'],
] as const;

/** Approve, request changes or reject — each needs a reason, shown to the vendor and audited. */
export function DecisionForm({ submissionId, verdict }: { submissionId: string; verdict: string | null }) {
  const [state, onSubmit, pending] = useFormAction(decideSubmissionAction, null);
  const publishError = state?.ok ? state.data?.publishError : null;
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      <FormStatus state={state} />
      {publishError ? <Alert tone="error" title="Approved, but publishing failed">{publishError}</Alert> : null}
      <input type="hidden" name="id" value={submissionId} />
      <Field id="decision-reason" label="Reason for the decision" hint="Required for every decision; the vendor sees it." error={fieldError(state, 'reason')}>
        <Textarea name="reason" rows={3} required maxLength={4000} />
      </Field>
      {verdict === 'not-certifiable' ? <p className="text-sm text-amber-800 dark:text-amber-300">Required checks still fail: approval needs waivers for them first.</p> : null}
      <fieldset>
        <legend className="text-sm font-medium">Decision</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {DECISIONS.map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input type="radio" name="decision" value={value} required defaultChecked={value === 'request-changes'} className="h-4 w-4 accent-brand-600" />
              {label}
            </label>
          ))}
        </div>
        {fieldError(state, 'decision') ? <p className="mt-1 text-sm text-red-700 dark:text-red-400">{fieldError(state, 'decision')}</p> : null}
      </fieldset>
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Record decision
      </SubmitButton>
    </form>
  );
}
