'use client';

import { useFormStatus } from 'react-dom';
import type { ComponentProps } from 'react';
import { Button } from './button';

// A submit button that disables itself while its form's action runs (or while `pending` is set,
// for forms submitted through onSubmit).
export function SubmitButton({ children, pendingLabel, pending: pendingProp, ...props }: ComponentProps<typeof Button> & { pendingLabel?: string; pending?: boolean }) {
  const status = useFormStatus();
  const pending = status.pending || !!pendingProp;
  return (
    <Button {...props} type="submit" disabled={pending || props.disabled} aria-disabled={pending}>
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
