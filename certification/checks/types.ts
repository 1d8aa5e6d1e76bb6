import type { ImageConfig } from '../image/image-config';
import type { CapturedContent } from '../image/layers/filesystem';
import type { FileEntry, ImageFinding, PathWrite, Platform } from '../image/types';
import type { OsRelease } from '../os-release';
import type { InstalledPackages } from '../packages/read-installed-packages';
import type { Policy } from '../policy/schema';
import type { Waiver } from '../report/waivers';

export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped' | 'error';

export interface CheckEvidence {
  path?: string;
  layer?: number;
  package?: string;
  detail: string;
}

export interface CheckOutcome {
  status: CheckStatus;
  message: string;
  evidence: CheckEvidence[];
  /** Why a check was skipped, as a code the policy can exempt (e.g. `no-base-os` for scratch images). */
  skipCode?: SkipCode;
}

export type SkipCode = 'no-base-os' | 'not-evaluated';

/** The read-only view of the final filesystem and its history that checks need. */
export interface FilesystemView {
  get(path: string): FileEntry | undefined;
  list(dir?: string, opts?: { recursive?: boolean }): FileEntry[];
  entries(): IterableIterator<FileEntry>;
  history(path: string): PathWrite[];
  content(path: string): Buffer | undefined;
  contentHistory(path: string): CapturedContent[];
  resolve(path: string): FileEntry | undefined;
  readonly findings: ImageFinding[];
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** One vulnerability finding as the vulnerability matcher computes it (the engine only judges it). */
export interface VulnerabilityFinding {
  /** Stable key (advisory id + package); defaults to `<id>:<package>`. */
  key?: string;
  id: string;
  aliases: string[];
  package: string;
  installed: string;
  /** The fixed version; absent or null when no fix is published. */
  fixed?: string | null;
  severity: Severity;
  /** ISO-8601 date the advisory (and so the fix) was published. */
  published?: string | null;
}

export interface VulnerabilityInput {
  grade: Grade;
  findings: VulnerabilityFinding[];
}

/** One verified-or-not signature, as the signature verifiers report it. */
export interface SignatureInput {
  kind: 'cosign' | 'sigstore-bundle' | 'simple-signing';
  verified: boolean;
  keyId: string | null;
  reference: string | null;
  reason?: string;
  /** The manifest digest the signature claims, when it could be read. */
  signedDigest?: string;
  source?: string;
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
}

/** The OS package database as it stood after one layer (only layers where it changed are listed). */
export interface LayerPackages {
  layer: number;
  installed: InstalledPackages | null;
  error?: string;
}

/** A file the streaming capture flagged as a possible secret by its name (content may be absent). */
export interface CapturedPath {
  path: string;
  layer: number;
  size: number;
}

export interface ImageFacts {
  source: string;
  /** Repository the image is known as (e.g. `registry.example.com/acme/app`). */
  identity: string | null;
  digest: string;
  /** The index the image was reached through; a signature over it covers this platform's manifest too. */
  indexDigest?: string;
  tags: string[];
  layerCount: number;
  /** Sum of compressed layer sizes. */
  size: number;
  uncompressedSize: number;
  config: ImageConfig;
  platform: Platform;
}

/** Everything a check needs, computed once per image. */
export interface CheckContext {
  image: ImageFacts;
  fs: FilesystemView;
  /** Every path whose content the capture kept, in any layer (also ones later deleted). */
  capturedPaths: CapturedPath[];
  /** True when the secret scan ran out of its byte budget and stopped capturing small files. */
  secretScanTruncated: boolean;
  osRelease: OsRelease | null;
  osReleaseError?: string;
  packages: InstalledPackages | null;
  packagesError?: string;
  packageHistory: LayerPackages[];
  passwd: PasswdEntry[] | null;
  groups: GroupEntry[] | null;
  /** null when signatures were not evaluated (no trust material). */
  signatures: SignatureInput[] | null;
  /** null when no advisory database was given. */
  vulnerabilities: VulnerabilityInput | null;
  waivers: Waiver[];
  policy: Policy;
  at: Date;
}

export interface CheckDefinition<P = unknown> {
  id: CheckId;
  title: string;
  description: string;
  remediation: string;
  defaultRequired: boolean;
  /** Problems are reported as `failed`; the runner turns them into `warning` for non-required checks. */
  run(ctx: CheckContext, params: P): CheckOutcome;
}

export const CHECK_IDS = [
  'signature.verified',
  'base-os.identified',
  'base-os.supported',
  'base-os.unmodified-packages',
  'base-os.no-prohibited-packages',
  'security.non-root-user',
  'security.no-privileged-run-label',
  'security.no-file-capabilities',
  'security.no-embedded-secrets',
  'security.setuid-files',
  'security.world-writable',
  'security.privileged-ports',
  'hygiene.required-labels',
  'hygiene.unique-tag',
  'hygiene.layer-count',
  'hygiene.licenses',
  'vulnerabilities.policy',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export const outcome = {
  passed: (message: string, evidence: CheckEvidence[] = []): CheckOutcome => ({ status: 'passed', message, evidence }),
  failed: (message: string, evidence: CheckEvidence[] = []): CheckOutcome => ({ status: 'failed', message, evidence }),
  skipped: (message: string, skipCode?: SkipCode, evidence: CheckEvidence[] = []): CheckOutcome => ({
    status: 'skipped',
    message,
    evidence,
    ...(skipCode ? { skipCode } : {}),
  }),
  error: (message: string, evidence: CheckEvidence[] = []): CheckOutcome => ({ status: 'error', message, evidence }),
};

/** Caps evidence lists so a hostile image with a million bad files yields a readable report. */
export const MAX_EVIDENCE = 200;

export function capEvidence(evidence: CheckEvidence[]): CheckEvidence[] {
  if (evidence.length <= MAX_EVIDENCE) return evidence;
  return [...evidence.slice(0, MAX_EVIDENCE), { detail: `…and ${evidence.length - MAX_EVIDENCE} more` }];
}
