'use server';

import { revalidatePath } from 'next/cache';
import { createApiToken } from '../server/tokens/create-api-token';
import { formToObject, runAction, type ActionState } from './run-action';

export interface CreatedToken {
  name: string;
  token: string;
  expiresAt: Date | null;
}

export async function createApiTokenAction(_prev: ActionState<CreatedToken>, form: FormData): Promise<ActionState<CreatedToken>> {
  const { slug, ...input } = formToObject(form);
  input.scopes = form.getAll('scopes');
  return runAction(async ({ actor, sourceIp }) => {
    const created = await createApiToken({ actor, sourceIp, slug: String(slug), input });
    revalidatePath(`/vendors/${slug}/settings/tokens`);
    return { name: created.name, token: created.token, expiresAt: created.expiresAt };
  });
}
