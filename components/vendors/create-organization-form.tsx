'use client';

import { createOrganizationAction } from '@/lib/actions/create-organization';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { FormStatus, fieldError } from '@/components/accounts/form-status';

export function CreateOrganizationForm() {
  const [state, onSubmit, pending] = useFormAction(createOrganizationAction, null);
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <Field id="name" label="Organization name" error={fieldError(state, 'name')}>
        <Input name="name" required />
      </Field>
      <Field id="slug" label="URL name" hint="Lowercase letters, digits and hyphens, 2–40 characters. Your pages live at /vendors/<URL name>." error={fieldError(state, 'slug')}>
        <Input name="slug" required pattern="[a-z0-9-]{2,40}" autoCapitalize="none" spellCheck={false} />
      </Field>
      <Field id="website" label="Website (optional)" error={fieldError(state, 'website')}>
        <Input name="website" type="url" placeholder="https://" />
      </Field>
      <Field id="description" label="Description (optional)" error={fieldError(state, 'description')}>
        <Textarea name="description" rows={3} />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Creating…">Create organization</SubmitButton>
    </form>
  );
}
