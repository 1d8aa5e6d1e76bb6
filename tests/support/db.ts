import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import pg from 'pg';
import { createPrisma, type Db } from '../../lib/db/client';
import { quoteIdent } from '../../lib/db/embedded';
import { resetEnvCache } from '../../lib/env';

// A fresh database for the calling test file, cloned from the migrated template; DATABASE_URL points
// at it so the code under test (lib/db) uses it too. Refuses to run against a non-local server.
export async function useTestDatabase(): Promise<{ url: string; prisma: Db }> {
  const adminUrl = inject('adminDatabaseUrl');
  const host = new URL(adminUrl).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`Refusing to run tests against ${host}`);
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE assay_template`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  process.env.DATABASE_URL = url;
  resetEnvCache();
  const prisma = createPrisma(url);
  afterAll(async () => {
    await prisma.$disconnect();
    const { db } = await import('../../lib/db/client');
    await db().$disconnect().catch(() => {});
  });
  return { url, prisma };
}
