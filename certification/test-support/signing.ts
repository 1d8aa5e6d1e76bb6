import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Real signing material for tests: the shared corpus of upstream fixtures, and a throw-away GnuPG
// home with an Ed25519 key so skopeo can produce genuine simple signatures.
export const SIGNATURE_CORPUS_DIR = process.env.ASSAY_CORPUS_DIR ?? path.resolve(import.meta.dirname, '../../../shared/corpus');

export function signatureCorpus(sub: 'signatures' | 'sigstore'): string | undefined {
  const dir = path.join(SIGNATURE_CORPUS_DIR, sub);
  if (existsSync(dir)) return dir;
  console.warn(`SKIPPED: corpus folder ${dir} is missing, so the tests over real ${sub} fixtures do not run`);
  return undefined;
}

/** Rows of a tab-separated file with a header line, keyed by the header names. */
export function readTsvRows(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

export interface GpgHome {
  dir: string;
  fingerprint: string;
  /** Armored public key, what a vendor uploads. */
  publicKey: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

export function toolAvailable(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(`SKIPPED: ${tool} is not installed, so the tests that need it do not run (apt-get install -y ${tool})`);
    return false;
  }
}

export function createGpgHome(uid = 'Vendor <v@example.com>'): GpgHome {
  // A short path: gpg-agent's socket path must fit in sockaddr_un.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gpg-'));
  const env = { ...process.env, GNUPGHOME: dir };
  const gpg = (args: string[]) => execFileSync('gpg', ['--batch', '--no-tty', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  gpg(['--passphrase', '', '--quick-gen-key', uid, 'ed25519', 'sign', 'never']);
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(['--with-colons', '--list-keys', uid]))?.[1];
  if (!fingerprint) throw new Error(`gpg did not list a fingerprint for ${uid}`);
  const publicKey = gpg(['--armor', '--export', fingerprint]);
  return {
    dir,
    fingerprint,
    publicKey,
    env,
    remove() {
      try {
        execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env, stdio: 'ignore' });
      } catch {
        // the agent may never have started
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `skopeo standalone-sign`: a containers/image simple signature over `manifest` for `reference`. */
export function skopeoStandaloneSign(home: GpgHome, manifest: Buffer, reference: string): Buffer {
  const work = mkdtempSync(path.join(os.tmpdir(), 'assay-sign-'));
  try {
    writeFileSync(path.join(work, 'manifest.json'), manifest);
    const out = path.join(work, 'signature');
    execFileSync('skopeo', ['standalone-sign', path.join(work, 'manifest.json'), reference, home.fingerprint, '--output', out], {
      env: home.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return readFileSync(out);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A registries.d folder sending `skopeo copy --sign-by` signatures to a lookaside directory. */
export function lookasideRegistriesD(lookasideDir: string): string {
  const rd = mkdtempSync(path.join(os.tmpdir(), 'assay-registries-d-'));
  mkdirSync(lookasideDir, { recursive: true });
  writeFileSync(path.join(rd, 'default.yaml'), `default-docker:\n  lookaside-staging: file://${lookasideDir}\n`);
  return rd;
}
