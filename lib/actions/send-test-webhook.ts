'use server';

import { revalidatePath } from 'next/cache';
import { sendTestWebhook } from '../server/webhooks/send-test-webhook';
import { runAction, type ActionState } from './run-action';

export async function sendTestWebhookAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const slug = String(form.get('slug'));
  return runAction(async ({ actor, sourceIp }) => {
    await sendTestWebhook({ actor, sourceIp, slug, webhookId: String(form.get('id')) });
    revalidatePath(`/vendors/${slug}/settings/webhooks`);
    return undefined;
  }, 'Test event queued.');
}
