import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds a fixture directory once and caches it: `build` writes into a private temp dir that is
 * renamed into place only when complete, so parallel test files and interrupted runs never see a
 * half-built fixture. `marker` is a file whose presence means "complete".
 */
export function buildOnce(dir: string, marker: string, build: (tmp: string) => void): void {
  if (existsSync(path.join(dir, marker))) return;
  mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = mkdtempSync(path.join(path.dirname(dir), `.${path.basename(dir)}-`));
  try {
    build(tmp);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      if (!existsSync(path.join(dir, marker))) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
