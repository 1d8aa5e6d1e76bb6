'use client';

import { createApiTokenAction } from '@/lib/actions/create-api-token';
import { Alert } from '@/components/ui/alert';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { FormStatus, fieldError } from '@/components/accounts/form-status';

// Offers only the scopes the user holds; the server checks again.
export function CreateTokenForm({ slug, scopes }: { slug: string; scopes: string[] }) {
  const [state, onSubmit, pending] = useFormAction(createApiTokenAction, null, { resetOnSuccess: true });
  const scopesError = fieldError(state, 'scopes') ?? fieldError(state, 'scopes.0');
  return (
    <div className="space-y-4">
      {state?.ok && state.data ? (
        <Alert tone="success" title={`Token "${state.data.name}" created`}>
          <p>Copy it now: it is shown only once. Use it as <code>Authorization: Bearer …</code>.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <label htmlFor="new-token" className="sr-only">
              New API token
            </label>
            <input id="new-token" readOnly value={state.data.token} className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100" />
            <CopyButton value={state.data.token} label="Copy token" />
          </div>
        </Alert>
      ) : null}
      <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormStatus state={state && !state.ok ? state : null} />
        <input type="hidden" name="slug" value={slug} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="token-name" label="Name" hint="What uses it, e.g. GitHub Actions" error={fieldError(state, 'name')}>
            <Input name="name" required maxLength={80} />
          </Field>
          <Field id="token-expiry" label="Expires" error={fieldError(state, 'expiresInDays')}>
            <Select name="expiresInDays" defaultValue="90">
              <option value="7">In 7 days</option>
              <option value="30">In 30 days</option>
              <option value="90">In 90 days</option>
              <option value="365">In 365 days</option>
              <option value="never">Never</option>
            </Select>
          </Field>
        </div>
        <fieldset aria-describedby={scopesError ? 'scopes-error' : undefined}>
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Scopes</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {scopes.map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="scopes" value={scope} className="h-4 w-4 rounded border-slate-400 accent-brand-600" />
                <code>{scope}</code>
              </label>
            ))}
          </div>
          {scopesError ? (
            <p id="scopes-error" className="mt-1 text-sm text-red-700 dark:text-red-400">
              {scopesError}
            </p>
          ) : null}
        </fieldset>
        <SubmitButton pending={pending} pendingLabel="Creating…">Create token</SubmitButton>
      </form>
    </div>
  );
}
