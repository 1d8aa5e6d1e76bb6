import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDatabase, startEmbeddedPostgres } from '../lib/db/embedded';
import { migrate } from '../lib/db/migrate';

// One embedded PostgreSQL per test run, with a migrated template database that each test file
// clones (CREATE DATABASE … TEMPLATE) in milliseconds.
export const TEMPLATE_DATABASE = 'assay_template';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '..');
  await import('node:fs/promises').then((fs) => fs.mkdir(path.join(root, '.data'), { recursive: true }));
  const dir = await mkdtemp(path.join(root, '.data', 'test-postgres-'));
  // initdb runs as the unprivileged postgres user, which must be able to enter the folder.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort(), database: 'postgres' });
  const adminUrl = server.url;
  await ensureDatabase(adminUrl, TEMPLATE_DATABASE);
  const templateUrl = adminUrl.replace(/\/postgres$/, `/${TEMPLATE_DATABASE}`);
  await migrate(templateUrl);
  project.provide('adminDatabaseUrl', adminUrl);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
