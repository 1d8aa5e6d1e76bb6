import type { Db } from '../../lib/db/client';
import { makeMembership, makeOrganization, makeUser } from '../support/factories';
import { actorOf } from '../support/accounts';

// Rows for the pipeline tests: a vendor with an owner, a product, and submissions in any status.
let counter = 0;

export async function makeVendor(prisma: Db, slug = `vendor-${Date.now().toString(36)}${counter++}`) {
  const owner = await makeUser(prisma);
  const organization = await makeOrganization(prisma, { slug });
  await makeMembership(prisma, owner.id, organization.id, 'owner');
  const product = await prisma.product.create({
    data: { organizationId: organization.id, slug: 'app', name: 'App', repository: 'registry.example.com/acme/app' },
  });
  return { owner, ownerActor: await actorOf(prisma, owner.id), organization, product };
}

export async function makeSubmissionRow(
  prisma: Db,
  vendor: { organization: { id: string }; product: { id: string } },
  status: Parameters<Db['submission']['create']>[0]['data']['status'] = 'queued',
) {
  return prisma.submission.create({
    data: { organizationId: vendor.organization.id, productId: vendor.product.id, source: 'registry', reference: 'docker://registry.example.com/acme/app:1', status },
  });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
