import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Tests read the shared real-world corpus beside the repository (ASSAY_CORPUS_DIR moves it); a fresh
// clone elsewhere has none, and then these tests say so and skip.
export const CORPUS_DIR = process.env.ASSAY_CORPUS_DIR ?? path.resolve(import.meta.dirname, '../../../shared/corpus');

export function corpusPresent(sub: string): boolean {
  const dir = path.join(CORPUS_DIR, sub);
  if (existsSync(dir)) return true;
  console.warn(`SKIPPED: corpus folder ${dir} is missing, so the tests over ${sub} do not run`);
  return false;
}

/** Rows of a tab-separated file with a header line, as objects keyed by the header names. */
export function readTsv(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}
