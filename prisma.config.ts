import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI only (generate; migrate where its engine exists). The app connects through
// lib/db, which also starts the embedded PostgreSQL when DATABASE_URL is unset.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:54329/assay' },
});
