import path from 'node:path';
import { env } from '../env';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { migrate } from './migrate';

export interface RunningDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
  stop(): Promise<void>;
}

// With DATABASE_URL: use that server and start nothing. Without: start the embedded PostgreSQL under
// ASSAY_DATA_DIR. Either way apply pending migrations and export DATABASE_URL for child processes.
export async function openDatabase(opts: { migrate?: boolean } = {}): Promise<RunningDatabase> {
  const e = env();
  let embedded: EmbeddedDatabase | null = null;
  let url = e.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(e.ASSAY_DATA_DIR, 'postgres'),
      port: e.EMBEDDED_PG_PORT,
      database: 'assay',
    });
    url = embedded.url;
  }
  process.env.DATABASE_URL = url;
  if (opts.migrate !== false) await migrate(url);
  return {
    url,
    embedded,
    async stop() {
      await embedded?.stop();
    },
  };
}
