'use client';

import { useActionState } from 'react';
import { changeMemberRoleAction } from '@/lib/actions/change-member-role';
import { Select } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

export function MemberRoleForm({ slug, membershipId, email, role }: { slug: string; membershipId: string; email: string; role: string }) {
  const [state, action] = useActionState(changeMemberRoleAction, null);
  const id = `role-${membershipId}`;
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="id" value={membershipId} />
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="sr-only">
          Role of {email}
        </label>
        <Select id={id} name="role" defaultValue={role} className="w-28 py-1">
          <option value="owner">Owner</option>
          <option value="member">Member</option>
        </Select>
        <SubmitButton variant="secondary" size="sm" pendingLabel="…" aria-label={`Save role of ${email}`}>
          Save
        </SubmitButton>
      </div>
      {state ? (
        <p role={state.ok ? 'status' : 'alert'} className={`text-xs ${state.ok ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-700 dark:text-red-400'}`}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
