'use client';

import { useActionState } from 'react';
import { changeUserRoleAction } from '@/lib/actions/change-user-role';
import { Select } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { ActionMessage } from './action-message';

export function UserRoleForm({ userId, email, role }: { userId: string; email: string; role: string }) {
  const [state, action] = useActionState(changeUserRoleAction, null);
  const id = `role-${userId}`;
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="userId" value={userId} />
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="sr-only">
          Platform role of {email}
        </label>
        <Select id={id} name="platformRole" defaultValue={role} className="min-w-28 py-1">
          <option value="user">user</option>
          <option value="reviewer">reviewer</option>
          <option value="admin">admin</option>
        </Select>
        <SubmitButton variant="secondary" size="sm" pendingLabel="Saving…" aria-label={`Save role of ${email}`}>
          Save
        </SubmitButton>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
