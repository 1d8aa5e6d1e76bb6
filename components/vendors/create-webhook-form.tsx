'use client';

import { createWebhookAction } from '@/lib/actions/create-webhook';
import { Alert } from '@/components/ui/alert';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { FormStatus, fieldError } from '@/components/accounts/form-status';

// The signing secret appears once, right after creation; the platform keeps it only encrypted.
export function CreateWebhookForm({ slug, eventTypes }: { slug: string; eventTypes: readonly string[] }) {
  const [state, onSubmit, pending] = useFormAction(createWebhookAction, null, { resetOnSuccess: true });
  const eventsError = fieldError(state, 'events') ?? fieldError(state, 'events.0');
  return (
    <div className="space-y-4">
      {state?.ok && state.data ? (
        <Alert tone="success" title="Webhook added">
          <p>
            Copy the signing secret now: it is shown only once. Verify each delivery&apos;s <code>Assay-Signature</code> header (HMAC-SHA256
            of <code>&lt;t&gt;.&lt;body&gt;</code>) with it.
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <label htmlFor="new-webhook-secret" className="sr-only">
              Webhook signing secret
            </label>
            <input
              id="new-webhook-secret"
              readOnly
              value={state.data.secret}
              className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
            />
            <CopyButton value={state.data.secret} label="Copy secret" />
          </div>
        </Alert>
      ) : null}
      <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormStatus state={state && !state.ok ? state : null} />
        <input type="hidden" name="slug" value={slug} />
        <Field id="webhook-url" label="Payload URL" hint="Receives CloudEvents 1.0 (JSON) by POST" error={fieldError(state, 'url')}>
          <Input name="url" type="url" required maxLength={2000} placeholder="https://ci.example.com/hooks/assay" />
        </Field>
        <fieldset aria-describedby={eventsError ? 'events-error' : 'events-hint'}>
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Events</legend>
          <p id="events-hint" className="text-sm text-slate-600 dark:text-slate-400">
            Leave all unticked to receive every event.
          </p>
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {eventTypes.map((type) => (
              <label key={type} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="events" value={type} className="h-4 w-4 rounded border-slate-400 accent-brand-600" />
                <code className="break-all">{type.replace('dev.assay.submission.', '')}</code>
              </label>
            ))}
          </div>
          {eventsError ? (
            <p id="events-error" className="mt-1 text-sm text-red-700 dark:text-red-400">
              {eventsError}
            </p>
          ) : null}
        </fieldset>
        <SubmitButton pending={pending} pendingLabel="Adding…">
          Add webhook
        </SubmitButton>
      </form>
    </div>
  );
}
