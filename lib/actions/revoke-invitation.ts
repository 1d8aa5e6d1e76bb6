'use server';

import { revalidatePath } from 'next/cache';
import { revokeInvitation } from '../server/invitations/revoke-invitation';
import { runAction, type ActionState } from './run-action';

export async function revokeInvitationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const slug = String(form.get('slug'));
  return runAction(async ({ actor, sourceIp }) => {
    await revokeInvitation({ actor, sourceIp, slug, invitationId: String(form.get('id')) });
    revalidatePath(`/vendors/${slug}/settings/members`);
    return undefined;
  }, 'Invitation revoked.');
}
