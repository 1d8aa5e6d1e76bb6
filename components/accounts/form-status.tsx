import type { ActionState } from '@/lib/actions/run-action';
import { Alert } from '@/components/ui/alert';

// The outcome of a form's server action: a success note, or the error (field errors sit by their inputs).
export function FormStatus({ state, hideFieldErrors = true }: { state: ActionState<unknown>; hideFieldErrors?: boolean }) {
  if (!state) return null;
  if (state.ok) return state.message ? <Alert tone="success">{state.message}</Alert> : null;
  if (hideFieldErrors && state.fieldErrors && Object.keys(state.fieldErrors).length > 0) {
    return <Alert tone="error">Please correct the highlighted fields.</Alert>;
  }
  return <Alert tone="error">{state.message}</Alert>;
}

export function fieldError(state: ActionState<unknown>, field: string): string | undefined {
  return state && !state.ok ? state.fieldErrors?.[field] : undefined;
}
