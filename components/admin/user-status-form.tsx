'use client';

import { useActionState } from 'react';
import { setUserDisabledAction } from '@/lib/actions/set-user-disabled';
import { SubmitButton } from '@/components/ui/submit-button';
import { ActionMessage } from './action-message';

export function UserStatusForm({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  const [state, action] = useActionState(setUserDisabledAction, null);
  return (
    <form
      action={action}
      className="space-y-1"
      onSubmit={(e) => {
        if (!disabled && !window.confirm(`Disable ${email}? Their sessions end immediately.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? 'false' : 'true'} />
      <SubmitButton variant={disabled ? 'secondary' : 'danger'} size="sm" pendingLabel="…" aria-label={`${disabled ? 'Enable' : 'Disable'} ${email}`}>
        {disabled ? 'Enable' : 'Disable'}
      </SubmitButton>
      <ActionMessage state={state} />
    </form>
  );
}
