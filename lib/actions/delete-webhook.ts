'use server';

import { revalidatePath } from 'next/cache';
import { deleteWebhook } from '../server/webhooks/delete-webhook';
import { runAction, type ActionState } from './run-action';

export async function deleteWebhookAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const slug = String(form.get('slug'));
  return runAction(async ({ actor, sourceIp }) => {
    await deleteWebhook({ actor, sourceIp, slug, webhookId: String(form.get('id')) });
    revalidatePath(`/vendors/${slug}/settings/webhooks`);
    return undefined;
  }, 'Webhook deleted.');
}
