'use client';

import { useActionState, useEffect, useRef, useTransition, type FormEvent } from 'react';

/**
 * useActionState driven from onSubmit instead of <form action>: React resets forms after an
 * action prop runs, which would wipe what the user typed whenever the server refuses it. With
 * `resetOnSuccess`, the form is cleared only once the server accepted it.
 */
export function useFormAction<S>(action: (state: Awaited<S>, form: FormData) => S | Promise<S>, initial: Awaited<S>, options: { resetOnSuccess?: boolean } = {}) {
  const [state, dispatch, actionPending] = useActionState(action, initial);
  const [transitionPending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement | null>(null);
  const resetOnSuccess = options.resetOnSuccess ?? false;
  useEffect(() => {
    if (resetOnSuccess && (state as { ok?: boolean } | null)?.ok) formRef.current?.reset();
  }, [state, resetOnSuccess]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    formRef.current = event.currentTarget;
    const form = new FormData(event.currentTarget);
    startTransition(() => dispatch(form));
  };
  return [state, onSubmit, actionPending || transitionPending] as const;
}
