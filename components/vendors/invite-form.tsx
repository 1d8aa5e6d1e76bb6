'use client';

import { createInvitationAction } from '@/lib/actions/create-invitation';
import { Alert } from '@/components/ui/alert';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { FormStatus, fieldError } from '@/components/accounts/form-status';

export function InviteForm({ slug, canInviteOwners }: { slug: string; canInviteOwners: boolean }) {
  const [state, onSubmit, pending] = useFormAction(createInvitationAction, null, { resetOnSuccess: true });
  return (
    <div className="space-y-4">
      <form method="post" onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end" noValidate>
        <input type="hidden" name="slug" value={slug} />
        <Field id="invite-email" label="Email (optional)" error={fieldError(state, 'email')}>
          <Input name="email" type="email" placeholder="Leave empty for a link anyone can use" />
        </Field>
        <Field id="invite-role" label="Role" error={fieldError(state, 'role')}>
          <Select name="role" defaultValue="member">
            <option value="member">Member</option>
            {canInviteOwners ? <option value="owner">Owner</option> : null}
          </Select>
        </Field>
        <SubmitButton pending={pending} pendingLabel="Creating…">Create invitation</SubmitButton>
      </form>
      {state && !state.ok && !state.fieldErrors ? <FormStatus state={state} /> : null}
      {state?.ok && state.data ? (
        <Alert tone="success" title={state.data.email ? `Invitation emailed to ${state.data.email}` : 'Invitation link created'}>
          <p>Share this link; it works once and expires in 7 days. It will not be shown again.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <label htmlFor="invitation-link" className="sr-only">
              Invitation link
            </label>
            <input id="invitation-link" readOnly value={state.data.link} className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100" />
            <CopyButton value={state.data.link} label="Copy link" />
          </div>
        </Alert>
      ) : null}
    </div>
  );
}
