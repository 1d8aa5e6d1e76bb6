'use client';

import { publishSubmissionAction } from '@/lib/actions/publish-submission';
import { useFormAction } from '@/components/ui/use-form-action';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormStatus } from '@/components/accounts/form-status';

export function PublishButton({ submissionId }: { submissionId: string }) {
  const [state, onSubmit, pending] = useFormAction(publishSubmissionAction, null);
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      <FormStatus state={state} />
      <input type="hidden" name="id" value={submissionId} />
      <SubmitButton pending={pending} pendingLabel="Publishing…">
        Publish now
      </SubmitButton>
    </form>
  );
}
