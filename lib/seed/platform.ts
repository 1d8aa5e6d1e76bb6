import path from 'node:path';
import type { Db } from '../db/client';
import { ensureDefaultPolicy } from '../server/policies/policies';
import { importAdvisoryDatabase } from '../server/advisories/advisories';

const SYSTEM = { kind: 'system', label: 'seed' } as const;
export const DEMO_ADVISORIES_DIR = path.join(import.meta.dirname, 'demo-advisories');

/** Platform data every install needs: policy version 1, and the demo advisories when no database was imported. */
export async function seedPlatform(prisma: Db): Promise<{ policy: boolean; advisories: boolean }> {
  const hadPolicy = (await prisma.policy.count()) > 0;
  await ensureDefaultPolicy(prisma);
  const hadAdvisories = (await prisma.advisoryImport.count()) > 0;
  if (!hadAdvisories) await importAdvisoryDatabase({ actor: SYSTEM, path: DEMO_ADVISORIES_DIR, source: 'Assay demo advisories (not real vulnerabilities)' });
  return { policy: !hadPolicy, advisories: !hadAdvisories };
}
