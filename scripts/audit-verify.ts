import { openDatabase } from '../lib/db/runtime';
import { db } from '../lib/db/client';
import { verifyAuditChain } from '../lib/audit/verify';

// Exit 0 when the whole chain verifies, 1 naming the first bad event otherwise.
const database = await openDatabase();
const result = await verifyAuditChain(db());
await db().$disconnect();
await database.stop();
if (result.ok) {
  console.log(`Audit trail intact: ${result.checked} event(s) verified.`);
} else {
  console.error(`Audit trail TAMPERED at event ${result.firstBad!.id}: ${result.firstBad!.message}`);
  console.error(`${result.checked} event(s) before it verified.`);
  process.exit(1);
}
