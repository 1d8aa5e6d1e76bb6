'use server';

import { revalidatePath } from 'next/cache';
import { createInvitation } from '../server/invitations/create-invitation';
import { formToObject, runAction, type ActionState } from './run-action';

export async function createInvitationAction(
  _prev: ActionState<{ link: string; email: string | null }>,
  form: FormData,
): Promise<ActionState<{ link: string; email: string | null }>> {
  const { slug, ...input } = formToObject(form);
  return runAction(async ({ actor, sourceIp }) => {
    const created = await createInvitation({ actor, sourceIp, slug: String(slug), input });
    revalidatePath(`/vendors/${slug}/settings/members`);
    return { link: created.link, email: created.invitation.email };
  });
}
