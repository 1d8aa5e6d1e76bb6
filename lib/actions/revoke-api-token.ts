'use server';

import { revalidatePath } from 'next/cache';
import { revokeApiToken } from '../server/tokens/revoke-api-token';
import { runAction, type ActionState } from './run-action';

export async function revokeApiTokenAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const slug = String(form.get('slug'));
  return runAction(async ({ actor, sourceIp }) => {
    await revokeApiToken({ actor, sourceIp, slug, tokenId: String(form.get('id')) });
    revalidatePath(`/vendors/${slug}/settings/tokens`);
    return undefined;
  }, 'Token revoked.');
}
