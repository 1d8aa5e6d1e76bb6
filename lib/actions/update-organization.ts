'use server';

import { revalidatePath } from 'next/cache';
import { updateOrganization } from '../server/organizations/update-organization';
import { formToObject, runAction, type ActionState } from './run-action';

export async function updateOrganizationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { slug, ...input } = formToObject(form);
  // An empty textarea means "no lookaside locations", which formToObject would otherwise drop.
  if (form.has('lookasideUrls') && !input.lookasideUrls) input.lookasideUrls = '';
  return runAction(async ({ actor, sourceIp }) => {
    await updateOrganization({ actor, sourceIp, slug: String(slug), input });
    revalidatePath(`/vendors/${slug}`, 'layout');
    return undefined;
  }, 'Saved.');
}
