'use client';

import { useActionState } from 'react';
import { setOrganizationVerifiedAction } from '@/lib/actions/set-organization-verified';
import { SubmitButton } from '@/components/ui/submit-button';
import { ActionMessage } from './action-message';

export function VerifyOrganizationForm({ slug, name, verified }: { slug: string; name: string; verified: boolean }) {
  const [state, action] = useActionState(setOrganizationVerifiedAction, null);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="verified" value={verified ? 'false' : 'true'} />
      <SubmitButton variant={verified ? 'secondary' : 'primary'} size="sm" pendingLabel="…" aria-label={`${verified ? 'Remove verification of' : 'Verify'} ${name}`}>
        {verified ? 'Unverify' : 'Verify'}
      </SubmitButton>
      <ActionMessage state={state} />
    </form>
  );
}
