'use client';

import { useActionState } from 'react';
import { acceptInvitationAction } from '@/lib/actions/accept-invitation';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormStatus } from '@/components/accounts/form-status';

export function AcceptInvitationForm({ token, organizationName }: { token: string; organizationName: string }) {
  const [state, action] = useActionState(acceptInvitationAction, null);
  return (
    <form action={action} className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Joining…">Join {organizationName}</SubmitButton>
    </form>
  );
}
