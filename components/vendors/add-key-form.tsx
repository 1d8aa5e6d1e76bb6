'use client';

import { addSigningKeyAction } from '@/lib/actions/add-signing-key';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { FormStatus, fieldError } from '@/components/accounts/form-status';

export function AddKeyForm({ slug }: { slug: string }) {
  const [state, onSubmit, pending] = useFormAction(addSigningKeyAction, null, { resetOnSuccess: true });
  const keyError = fieldError(state, 'publicKey');
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      {state?.ok ? <FormStatus state={{ ok: true, message: `Signing key added (fingerprint ${state.data?.fingerprint}).` }} /> : null}
      {state && !state.ok && !keyError ? <FormStatus state={state} /> : null}
      <input type="hidden" name="slug" value={slug} />
      <Field id="key-name" label="Name" error={fieldError(state, 'name')}>
        <Input name="name" required maxLength={80} placeholder="release key 2026" />
      </Field>
      <Field
        id="key-text"
        label="Public key"
        hint="Paste a PEM public key (ECDSA P-256/P-384, Ed25519, RSA ≥ 2048, e.g. cosign.pub) or an armored OpenPGP public key — or upload a file below."
        error={keyError}
      >
        <Textarea name="publicKey" rows={6} className="font-mono text-xs" spellCheck={false} placeholder="-----BEGIN PUBLIC KEY-----" />
      </Field>
      <Field id="key-file" label="Or upload a key file" hint="PEM, DER, armored or binary OpenPGP (gpg --export)">
        <Input name="file" type="file" accept=".pub,.pem,.asc,.gpg,.key,.der,text/plain,application/pgp-keys" />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Checking…">Add signing key</SubmitButton>
    </form>
  );
}
