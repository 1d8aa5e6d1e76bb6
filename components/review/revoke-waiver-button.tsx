'use client';

import { revokeWaiverAction } from '@/lib/actions/revoke-waiver';
import { useFormAction } from '@/components/ui/use-form-action';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormStatus } from '@/components/accounts/form-status';

export function RevokeWaiverButton({ waiverId, submissionId, target }: { waiverId: string; submissionId: string; target: string }) {
  const [state, onSubmit, pending] = useFormAction(revokeWaiverAction, null);
  return (
    <form onSubmit={onSubmit} className="inline-flex flex-col gap-1">
      <input type="hidden" name="waiverId" value={waiverId} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <SubmitButton variant="secondary" size="sm" pending={pending} pendingLabel="Revoking…" aria-label={`Revoke the waiver for ${target}`}>
        Revoke
      </SubmitButton>
      <FormStatus state={state} />
    </form>
  );
}
