import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../lib/db/runtime';
import { db } from '../lib/db/client';
import { env } from '../lib/env';
import { ensureLocalSecrets } from '../lib/secrets';
import { describeDemoAccounts, seedDemo } from '../lib/seed/demo';
import { pipelineConfig } from '../lib/pipeline/config';
import { startWorkerPool, type WorkerPool } from '../lib/pipeline/supervisor';

const root = path.resolve(import.meta.dirname, '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

// A fingerprint of everything `next build` reads, so `npm start` rebuilds only after a change.
function sourceStamp(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = path.join(dir, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else hash.update(`${path.relative(root, p)}:${s.size}:${s.mtimeMs}\n`);
    }
  };
  for (const d of ['app', 'components', 'config', 'lib', 'certification']) walk(path.join(root, d));
  for (const f of ['next.config.js', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json']) {
    if (existsSync(path.join(root, f))) hash.update(readFileSync(path.join(root, f)));
  }
  return hash.digest('hex');
}

function run(args: string[], extraEnv: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

// Starts the product: database (embedded unless DATABASE_URL), migrations, demo data, then Next.js.
export async function serve(mode: 'production' | 'development'): Promise<void> {
  const e = env();
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  ensureLocalSecrets(path.resolve(root, e.ASSAY_DATA_DIR));
  const database = await openDatabase();
  console.log(database.embedded ? `Embedded PostgreSQL running (data in ${e.ASSAY_DATA_DIR}/postgres).` : 'Using the PostgreSQL at DATABASE_URL.');
  if (e.ASSAY_SEED_DEMO === '1') {
    await seedDemo(db());
    console.log(describeDemoAccounts());
  }
  await db().$disconnect();

  const url = e.ASSAY_URL ?? `http://localhost:${e.PORT}`;
  const childEnv = { NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url, DATABASE_URL: database.url };
  // The engine never runs in the web server: certification happens in these child processes.
  const workers: WorkerPool = startWorkerPool({ count: pipelineConfig().WORKERS, env: { ...process.env, ...childEnv } });
  if (mode === 'production') {
    const stampFile = path.join(root, '.next', 'assay-build-stamp');
    const stamp = sourceStamp();
    if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp || process.env.ASSAY_FORCE_BUILD === '1') {
      console.log('Building the web app (first start or sources changed)…');
      const code = await run(['build'], { ...childEnv, NODE_ENV: 'production' });
      if (code !== 0) {
        await workers.stop();
        await database.stop();
        process.exit(code);
      }
      writeFileSync(stampFile, stamp);
    }
  }
  const child = spawn(process.execPath, [nextBin, mode === 'production' ? 'start' : 'dev', '-p', String(e.PORT)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...childEnv, NODE_ENV: mode },
  });
  console.log(`Assay is starting at ${url}`);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
    await workers.stop();
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  child.on('exit', async (code) => {
    await workers.stop();
    await database.stop();
    process.exit(stopping ? 0 : (code ?? 1));
  });
}
