'use server';

import { revalidatePath } from 'next/cache';
import { addSigningKey } from '../server/signing-keys/add-signing-key';
import { runAction, type ActionState } from './run-action';

export async function addSigningKeyAction(_prev: ActionState<{ fingerprint: string }>, form: FormData): Promise<ActionState<{ fingerprint: string }>> {
  const slug = String(form.get('slug'));
  const upload = form.get('file');
  return runAction(async ({ actor, sourceIp }) => {
    const file = upload instanceof File && upload.size > 0 ? new Uint8Array(await upload.arrayBuffer()) : null;
    const key = await addSigningKey({
      actor,
      sourceIp,
      slug,
      input: { name: form.get('name') ?? '', publicKey: form.get('publicKey') ?? '' },
      file,
    });
    revalidatePath(`/vendors/${slug}/settings/keys`);
    return { fingerprint: key.fingerprint };
  }, 'Signing key added.');
}
