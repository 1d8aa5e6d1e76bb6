// The certification engine: pure TypeScript, no Next.js, no Prisma. It reads images and returns
// reports; the platform's workers and the `assay` command line both call it.
export * from './errors';
export * from './image/limits';
