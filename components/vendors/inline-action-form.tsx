'use client';

import { useActionState } from 'react';
import type { ActionState } from '@/lib/actions/run-action';
import { SubmitButton } from '@/components/ui/submit-button';

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

// One button that runs a server action on one row (revoke, remove), asking first when `confirm` is set.
export function InlineActionForm({
  action,
  fields,
  label,
  accessibleLabel,
  confirm,
  variant = 'danger',
}: {
  action: Action;
  fields: Record<string, string>;
  label: string;
  accessibleLabel?: string;
  confirm?: string;
  variant?: 'danger' | 'secondary';
}) {
  const [state, run] = useActionState(action, null);
  return (
    <form
      action={run}
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
      className="inline-flex flex-col items-start gap-1"
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton variant={variant} size="sm" aria-label={accessibleLabel} pendingLabel="…">
        {label}
      </SubmitButton>
      {state && !state.ok ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
