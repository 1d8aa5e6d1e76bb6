import path from 'node:path';
import { startWorker } from '../lib/pipeline/worker';
import { pipelineConfig } from '../lib/pipeline/config';
import { ensureLocalSecrets } from '../lib/secrets';

// `npm run worker`: one certification worker. Needs DATABASE_URL (the server passes it to the
// workers it spawns) and the same ASSAY_DATA_DIR storage and ASSAY_ENCRYPTION_KEY as the server.
async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set: point it at the Assay database (npm start passes it to the workers it starts).');
    process.exit(2);
  }
  pipelineConfig();
  ensureLocalSecrets(path.resolve(process.env.ASSAY_DATA_DIR ?? '.data'));
  const worker = await startWorker({ url });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop().catch((e) => console.error(`[worker ${process.pid}] stop failed: ${(e as Error).message}`));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(`[worker ${process.pid}] failed to start: ${(e as Error).message}`);
  process.exit(1);
});
