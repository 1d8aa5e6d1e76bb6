import { open, readFile, stat } from 'node:fs/promises';
import { isCertificationError } from '../errors';
import { parsePolicy, type LoadedPolicy } from '../policy/load-policy';
import { parseWaivers, type Waiver } from '../report/waivers';
import { loadTrustMaterial, type TrustMaterial } from '../signatures/trust';
import { importAdvisories, loadAdvisoryIndex, type AdvisoryIndex } from '../vulnerabilities/database';
import { UsageError } from './options';

// The files `assay certify` reads besides the image. A missing or unreadable file is bad input
// (exit 2) naming the flag, never an internal error.

const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function readInput(file: string, flag: string): Promise<Buffer> {
  let info;
  try {
    info = await stat(file);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: expected a readable file, got ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!info.isFile()) throw new UsageError(`${flag} ${file}: expected a regular file, got a ${info.isDirectory() ? 'directory' : 'special file'}`);
  if (info.size > MAX_INPUT_BYTES) throw new UsageError(`${flag} ${file}: expected at most ${MAX_INPUT_BYTES} bytes, got ${info.size}`);
  return readFile(file);
}

export async function readPolicyFile(file: string): Promise<LoadedPolicy> {
  return parsePolicy(await readInput(file, '--policy'), `--policy ${file}`);
}

export async function readWaiversFile(file: string): Promise<Waiver[]> {
  return parseWaivers(await readInput(file, '--waivers'), `--waivers ${file}`);
}

/** Vendor keys: `--key` PEM public keys (cosign, Sigstore bundles), `--gpg-key` OpenPGP keys (simple signing). */
export async function readTrust(keys: string[], gpgKeys: string[]): Promise<TrustMaterial | null> {
  if (!keys.length && !gpgKeys.length) return null;
  const publicKeys = [];
  for (const file of keys) publicKeys.push({ pem: await readInput(file, '--key'), name: file });
  const openpgpKeys = [];
  for (const file of gpgKeys) openpgpKeys.push({ data: await readInput(file, '--gpg-key'), name: file });
  try {
    return await loadTrustMaterial({ publicKeys, openpgpKeys });
  } catch (e) {
    if (isCertificationError(e)) throw new UsageError(e.message);
    throw e;
  }
}

/** `--advisories`: an OSV folder, an OSV zip, or an index saved by `saveAdvisoryIndex` (gzip). */
export async function readAdvisories(source: string): Promise<AdvisoryIndex> {
  let info;
  try {
    info = await stat(source);
  } catch (e) {
    throw new UsageError(`--advisories ${source}: expected a folder, a .zip or a saved index, got ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (info.isDirectory()) return importAdvisories(source);
  const handle = await open(source, 'r');
  const magic = Buffer.alloc(2);
  try {
    await handle.read(magic, 0, 2, 0);
  } finally {
    await handle.close();
  }
  if (magic[0] === 0x1f && magic[1] === 0x8b) return loadAdvisoryIndex(source);
  if (magic[0] === 0x50 && magic[1] === 0x4b) return importAdvisories(source);
  throw new UsageError(`--advisories ${source}: expected a folder, a .zip (PK) or a saved index (gzip), got a file starting ${magic.toString('hex')}`);
}

/** `--at`: a day (`2026-11-15`, taken as its start in UTC) or a full ISO-8601 timestamp. */
export function parseAt(value: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value);
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!iso || Number.isNaN(at.getTime())) throw new UsageError(`--at: expected a date like 2026-11-15 or 2026-11-15T12:00:00Z, got "${value}"`);
  return at;
}
