'use client';

import { updateOrganizationAction } from '@/lib/actions/update-organization';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { FormStatus, fieldError } from '@/components/accounts/form-status';

export function OrganizationProfileForm({
  organization,
}: {
  organization: { slug: string; name: string; description: string; website: string | null; lookasideUrls: string[] };
}) {
  const [state, onSubmit, pending] = useFormAction(updateOrganizationAction, null);
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="slug" value={organization.slug} />
      <Field id="name" label="Organization name" error={fieldError(state, 'name')}>
        <Input name="name" defaultValue={organization.name} required />
      </Field>
      <Field id="website" label="Website" error={fieldError(state, 'website')}>
        <Input name="website" type="url" defaultValue={organization.website ?? ''} placeholder="https://" />
      </Field>
      <Field id="description" label="Description" error={fieldError(state, 'description')}>
        <Textarea name="description" rows={4} defaultValue={organization.description} />
      </Field>
      <Field
        id="lookasideUrls"
        label="Signature lookaside locations"
        hint="One URL per line: where you publish GPG simple-signing signatures for your images."
        error={fieldError(state, 'lookasideUrls') ?? fieldError(state, 'lookasideUrls.0')}
      >
        <Textarea name="lookasideUrls" rows={3} defaultValue={organization.lookasideUrls.join('\n')} className="font-mono" />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Saving…">Save profile</SubmitButton>
    </form>
  );
}
