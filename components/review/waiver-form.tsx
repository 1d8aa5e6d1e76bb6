'use client';

import { grantWaiverAction } from '@/lib/actions/grant-waiver';
import { useFormAction } from '@/components/ui/use-form-action';
import { Field } from '@/components/ui/field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormStatus, fieldError } from '@/components/accounts/form-status';

const REASONS = ['false-positive', 'not-affected', 'mitigated', 'no-fix-available', 'accepted-risk'] as const;

/**
 * Waive a failed check or a finding for the product, or grant a policy exception for a check. The
 * target list offers what this submission has; the default expiry is 90 days out.
 */
export function WaiverForm({ submissionId, failedChecks, checks, findings, defaultExpiry }: { submissionId: string; failedChecks: string[]; checks: string[]; findings: string[]; defaultExpiry: string }) {
  const [state, onSubmit, pending] = useFormAction(grantWaiverAction, null, { resetOnSuccess: true });
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="waiver-kind" label="Kind" error={fieldError(state, 'kind')}>
          <Select name="kind" defaultValue="check">
            <option value="check">Failed check</option>
            <option value="finding">Finding</option>
            <option value="policy-exception">Policy exception (check)</option>
          </Select>
        </Field>
        <Field id="waiver-target" label="Check id or finding key" hint="Pick from the list or type it." error={fieldError(state, 'target')}>
          <Input name="target" list="waiver-targets" required maxLength={300} defaultValue={failedChecks[0] ?? ''} autoComplete="off" />
        </Field>
        <datalist id="waiver-targets">
          {[...new Set([...failedChecks, ...checks, ...findings])].map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <Field id="waiver-reason" label="Waiver reason" error={fieldError(state, 'reason')}>
          <Select name="reason" defaultValue="mitigated">
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="waiver-expires" label="Expires on" error={fieldError(state, 'expiresAt')}>
          <Input name="expiresAt" type="date" required defaultValue={defaultExpiry} />
        </Field>
      </div>
      <Field id="waiver-justification" label="Justification" error={fieldError(state, 'justification')}>
        <Textarea name="justification" rows={3} required minLength={10} maxLength={4000} />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Granting…">
        Grant waiver
      </SubmitButton>
    </form>
  );
}
