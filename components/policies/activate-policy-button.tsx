'use client';

import { useActionState } from 'react';
import { activatePolicyAction } from '@/lib/actions/activate-policy';
import { SubmitButton } from '@/components/ui/submit-button';

export function ActivatePolicyButton({ id, version }: { id: string; version: number }) {
  const [state, action] = useActionState(activatePolicyAction, null);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="secondary" size="sm" pendingLabel="Activating…" aria-label={`Activate version ${version}`}>
        Activate
      </SubmitButton>
      {state && !state.ok ? <span role="alert" className="ml-2 text-sm text-red-700 dark:text-red-400">{state.message}</span> : null}
    </form>
  );
}
