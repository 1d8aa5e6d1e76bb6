'use client';

import { markNotificationsReadAction } from '@/lib/actions/mark-notifications-read';
import { useFormAction } from '@/components/ui/use-form-action';
import { SubmitButton } from '@/components/ui/submit-button';

/** Marks one notification (with `id`) or all of them read. */
export function MarkReadButton({ id, label }: { id?: string; label: string }) {
  const [state, onSubmit, pending] = useFormAction(markNotificationsReadAction, null);
  return (
    <form onSubmit={onSubmit}>
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <SubmitButton variant="secondary" size="sm" pending={pending} pendingLabel="…">
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
