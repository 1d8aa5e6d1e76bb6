'use client';

import { useActionState } from 'react';
import { updatePlatformSettingsAction } from '@/lib/actions/update-platform-settings';
import type { TPlatformSettings } from '@/lib/schemas/settings';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

export function SettingsForm({ settings }: { settings: TPlatformSettings }) {
  const [state, action] = useActionState(updatePlatformSettingsAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="max-w-md space-y-5" noValidate>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <Field id="platformName" label="Platform name" hint="Shown in the header and on the home page." error={errors.platformName}>
        <Input name="platformName" defaultValue={settings.platformName} required minLength={2} maxLength={40} />
      </Field>
      <Field
        id="defaultTokenExpiryDays"
        label="Default API token expiry (days)"
        hint="New organization API tokens expire after this many days unless their creator picks otherwise (1–365)."
        error={errors.defaultTokenExpiryDays}
      >
        <Input name="defaultTokenExpiryDays" type="number" inputMode="numeric" min={1} max={365} defaultValue={settings.defaultTokenExpiryDays} required />
      </Field>
      <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
    </form>
  );
}
