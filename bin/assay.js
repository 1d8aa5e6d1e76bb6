#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx assay` works right after `npm ci`, without a build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../certification/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
