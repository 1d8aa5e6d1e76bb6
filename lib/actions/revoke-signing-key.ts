'use server';

import { revalidatePath } from 'next/cache';
import { revokeSigningKey } from '../server/signing-keys/revoke-signing-key';
import { runAction, type ActionState } from './run-action';

export async function revokeSigningKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const slug = String(form.get('slug'));
  return runAction(async ({ actor, sourceIp }) => {
    await revokeSigningKey({ actor, sourceIp, slug, keyId: String(form.get('id')) });
    revalidatePath(`/vendors/${slug}/settings/keys`);
    return undefined;
  }, 'Signing key revoked.');
}
