import path from 'node:path';
import { isCertificationError } from '../certification/index';
import { openDatabase } from '../lib/db/runtime';
import { db } from '../lib/db/client';
import { importAdvisoryDatabase } from '../lib/server/advisories/advisories';
import { enqueueRescan } from '../lib/pipeline/rescan';
import { stopProducer } from '../lib/queue/queue';

// `npm run advisories:import PATH`: an OSV folder or zip becomes the platform's advisory database
// (the same import the admin upload runs in a worker). Exit 0 imported, 2 bad input.
async function main(): Promise<number> {
  const source = process.argv[2];
  if (!source || source.startsWith('-')) {
    console.error('usage: npm run advisories:import PATH   (a folder of OSV JSON files or a .zip of them)');
    return 2;
  }
  const database = await openDatabase();
  try {
    const started = Date.now();
    const result = await importAdvisoryDatabase({ actor: { kind: 'system', label: 'advisories:import' }, path: path.resolve(source), source: path.basename(source) });
    const c = result.counts;
    console.log(`Imported ${c.indexed} advisories (${c.records} records read, ${c.unsupported} unsupported, ${c.invalid} invalid) from ${source} in ${Date.now() - started} ms.`);
    console.log(`Ecosystems: ${result.import.ecosystems.join(', ') || '(none)'}`);
    for (const p of result.problems) console.log(`  problem: ${p.where}: ${p.message}`);
    // Workers re-grade published images against the new database.
    await enqueueRescan({ advisoryImportId: result.import.id });
    return 0;
  } catch (e) {
    if (isCertificationError(e)) {
      console.error(`advisories:import: ${e.message} [${e.code}]`);
      return 2;
    }
    throw e;
  } finally {
    await stopProducer();
    await db().$disconnect();
    await database.stop();
  }
}

process.exitCode = await main();
