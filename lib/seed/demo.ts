import type { Db } from '../db/client';
import { recordAudit } from '../audit/record';
import { hashPassword } from '../auth/password';
import { seedPlatform } from './platform';

const SYSTEM = { kind: 'system', label: 'seed' } as const;

export const DEMO_PASSWORD = 'assay-demo-2026';

export const DEMO_ACCOUNTS = [
  { email: 'admin@assay.local', name: 'Ada Admin', platformRole: 'admin', can: 'manage users, organizations (verify vendors), settings, the outbox and the audit log' },
  { email: 'reviewer@assay.local', name: 'Rita Reviewer', platformRole: 'reviewer', can: 'review submissions, grant waivers, approve or send back' },
  { email: 'owner@acme.example', name: 'Omar Owner', platformRole: 'user', org: 'acme', role: 'owner', can: 'own the Acme vendor organization: members, API tokens, signing keys, products' },
  { email: 'member@acme.example', name: 'Mia Member', platformRole: 'user', org: 'acme', role: 'member', can: 'work on Acme products and submissions' },
  { email: 'customer@example.com', name: 'Cory Customer', platformRole: 'user', can: 'browse the catalog and follow products' },
] as const;

export const DEMO_ORGANIZATIONS = [
  { slug: 'acme', name: 'Acme Software', description: 'Makers of dependable infrastructure software.', website: 'https://acme.example', verified: true },
] as const;

// Idempotent: creates what is missing, leaves what exists (including changed passwords) alone.
export async function seedDemo(prisma: Db): Promise<{ created: number }> {
  let created = 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const o of DEMO_ORGANIZATIONS) {
    const existing = await prisma.organization.findUnique({ where: { slug: o.slug } });
    if (existing) continue;
    await prisma.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { ...o, verifiedAt: o.verified ? new Date() : null } });
      await recordAudit(tx, { actor: SYSTEM, action: 'organization.create', objectType: 'organization', objectId: org.id, organizationId: org.id, after: { slug: o.slug, name: o.name } });
    });
    created++;
  }
  for (const a of DEMO_ACCOUNTS) {
    const existing = await prisma.user.findUnique({ where: { email: a.email } });
    if (existing) continue;
    await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: a.email, name: a.name, passwordHash, platformRole: a.platformRole, emailVerifiedAt: new Date() },
      });
      await recordAudit(tx, { actor: SYSTEM, action: 'user.create', objectType: 'user', objectId: user.id, after: { email: a.email, platformRole: a.platformRole } });
      if ('org' in a) {
        const org = await tx.organization.findUniqueOrThrow({ where: { slug: a.org } });
        const m = await tx.membership.create({ data: { userId: user.id, organizationId: org.id, role: a.role } });
        await recordAudit(tx, { actor: SYSTEM, action: 'member.add', objectType: 'membership', objectId: m.id, organizationId: org.id, after: { email: a.email, role: a.role } });
      }
    });
    created++;
  }
  const platform = await seedPlatform(prisma);
  created += Number(platform.policy) + Number(platform.advisories);
  return { created };
}

export function describeDemoAccounts(): string {
  const lines = DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(24)} ${a.can}`);
  return `Demo accounts (password: ${DEMO_PASSWORD}):\n${lines.join('\n')}`;
}
