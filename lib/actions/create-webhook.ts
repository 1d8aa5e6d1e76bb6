'use server';

import { revalidatePath } from 'next/cache';
import { createWebhook } from '../server/webhooks/create-webhook';
import { formToObject, runAction, type ActionState } from './run-action';

export interface CreatedWebhook {
  url: string;
  secret: string;
}

export async function createWebhookAction(_prev: ActionState<CreatedWebhook>, form: FormData): Promise<ActionState<CreatedWebhook>> {
  const { slug, ...input } = formToObject(form);
  input.events = form.getAll('events');
  return runAction(async ({ actor, sourceIp }) => {
    const created = await createWebhook({ actor, sourceIp, slug: String(slug), input });
    revalidatePath(`/vendors/${slug}/settings/webhooks`);
    return { url: created.url, secret: created.secret };
  });
}
