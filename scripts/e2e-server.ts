import { rmSync } from 'node:fs';
import path from 'node:path';

// The server browser tests talk to: its own data directory and database, wiped at every run, with
// the demo accounts seeded; tests create everything else through the UI or real seed functions.
const root = path.resolve(import.meta.dirname, '..');
const dataDir = process.env.E2E_DATA_DIR ?? '.data/e2e';
rmSync(path.resolve(root, dataDir), { recursive: true, force: true });
process.env.ASSAY_DATA_DIR = dataDir;
process.env.PORT = process.env.E2E_PORT ?? '3100';
process.env.EMBEDDED_PG_PORT = process.env.E2E_PG_PORT ?? '54400';
process.env.ASSAY_SEED_DEMO = '1';
delete process.env.DATABASE_URL;
// Generous limits: one browser signs in many times from one address.
process.env.RATE_LIMIT_ANON_PER_MINUTE ??= '10000';
process.env.RATE_LIMIT_API_PER_MINUTE ??= '10000';

const { serve } = await import('./serve');
await serve(process.env.E2E_DEV === '1' ? 'development' : 'production');
