'use client';

import { useActionState } from 'react';
import { createPolicyVersionAction } from '@/lib/actions/create-policy-version';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

// The policy as JSON; the server validates it with the engine's parser and names the failing path.
export function PolicyEditor({ document, nextVersion }: { document: string; nextVersion: number }) {
  const [state, action] = useActionState(createPolicyVersionAction, null);
  const error = state && !state.ok ? (state.fieldErrors?.document ?? state.message) : null;
  return (
    <form action={action} className="space-y-4" noValidate>
      {state?.ok ? <Alert tone="success">{`${state.message} Version ${state.data?.version}.`}</Alert> : null}
      <Field id="document" label="Policy document (JSON)" hint={`Saving creates version ${nextVersion}; earlier versions stay as they are, so past reports keep their meaning.`} error={error}>
        <Textarea name="document" defaultValue={document} rows={24} spellCheck={false} className="font-mono text-xs" required />
      </Field>
      <div className="flex items-center gap-2">
        <input id="activate" name="activate" type="checkbox" defaultChecked className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500" />
        <label htmlFor="activate" className="text-sm">Make it the active policy (new submissions are judged by it)</label>
      </div>
      <SubmitButton pendingLabel="Validating…">Save as new version</SubmitButton>
    </form>
  );
}
