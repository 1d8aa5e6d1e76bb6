import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const globalForDb = globalThis as unknown as { assayPrisma?: { url: string; client: PrismaClient } };

export function createPrisma(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

// One client per process (and per database URL: tests switch databases between files).
export function db(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the app through `npm start`/`npm run dev`, which start the embedded PostgreSQL.');
  const cached = globalForDb.assayPrisma;
  if (cached && cached.url === url) return cached.client;
  const client = createPrisma(url);
  globalForDb.assayPrisma = { url, client };
  return client;
}
