'use server';

import { revalidatePath } from 'next/cache';
import { setOrganizationVerified } from '../server/admin/set-organization-verified';
import { runAction, type ActionState } from './run-action';

export async function setOrganizationVerifiedAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const verified = form.get('verified') === 'true';
  const slug = String(form.get('slug'));
  return runAction(async ({ actor, sourceIp }) => {
    await setOrganizationVerified({ actor, sourceIp, slug, input: { verified } });
    revalidatePath('/admin', 'layout');
    revalidatePath(`/vendors/${slug}`, 'layout');
    return undefined;
  }, verified ? `${slug} is now verified.` : `${slug} is no longer verified.`);
}
