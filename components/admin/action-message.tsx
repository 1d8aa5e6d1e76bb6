import type { ActionState } from '@/lib/actions/run-action';

// The one-line result of a small inline form, announced to screen readers.
export function ActionMessage({ state }: { state: ActionState<unknown> }) {
  if (!state) return null;
  return (
    <p role={state.ok ? 'status' : 'alert'} className={`text-xs ${state.ok ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-700 dark:text-red-400'}`}>
      {state.message}
    </p>
  );
}
