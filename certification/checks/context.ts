import { OS_RELEASE_PATHS, parseOsRelease, type OsRelease } from '../os-release';
import { isPackageDatabasePath } from '../packages/detect';
import { readInstalledPackages, type InstalledPackages } from '../packages/read-installed-packages';
import type { Policy } from '../policy/schema';
import type { Waiver } from '../report/waivers';
import type { CaptureState } from './capture';
import { parseGroup, parsePasswd } from './passwd';
import type { CapturedPath, CheckContext, FilesystemView, ImageFacts, LayerPackages, SignatureInput, VulnerabilityInput } from './types';

export interface BuildContextInput {
  image: ImageFacts;
  fs: FilesystemView;
  /** The capture used while reading the layers; without it only the final tree's captured files are known. */
  capture?: CaptureState;
  policy: Policy;
  /** Results of the signature verifiers; null or absent when signatures were not evaluated. */
  signatures?: SignatureInput[] | null;
  /** Findings and grade from the vulnerability matcher; null or absent without an advisory database. */
  vulnerabilities?: VulnerabilityInput | null;
  waivers?: Waiver[];
  at?: Date;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The content now at `path`, following symlinks inside the image (/etc/os-release usually is one). */
export function finalContent(fs: FilesystemView, path: string): Buffer | undefined {
  const direct = fs.content(path);
  if (direct) return direct;
  const target = fs.resolve(path);
  return target && target.type !== 'directory' ? fs.content(target.path) : undefined;
}

function readOs(fs: FilesystemView): { osRelease: OsRelease | null; error?: string } {
  for (const path of OS_RELEASE_PATHS) {
    const content = finalContent(fs, path);
    if (content === undefined) continue;
    try {
      return { osRelease: parseOsRelease(content, path) };
    } catch (e) {
      return { osRelease: null, error: message(e) };
    }
  }
  return { osRelease: null };
}

/** The content a path had right after `layer`, or undefined when it did not exist then. */
function contentAsOf(fs: FilesystemView, path: string, layer: number): Buffer | undefined {
  const last = fs.history(path).filter((w) => w.layer <= layer).at(-1);
  if (!last || last.kind === 'delete') return undefined;
  return fs.contentHistory(path).find((c) => c.layer === last.layer)?.content;
}

function readPackages(files: Map<string, Buffer>): { installed: InstalledPackages | null; error?: string } {
  try {
    return { installed: readInstalledPackages(files) };
  } catch (e) {
    return { installed: null, error: message(e) };
  }
}

/** The package database after each layer that changed it, read from the captured versions. */
function packageHistory(fs: FilesystemView, dbPaths: string[], layerCount: number): LayerPackages[] {
  const out: LayerPackages[] = [];
  let previous = '';
  for (let layer = 0; layer < layerCount; layer++) {
    const files = new Map<string, Buffer>();
    const key: string[] = [];
    for (const path of dbPaths) {
      const content = contentAsOf(fs, path, layer);
      if (content === undefined) continue;
      files.set(path, content);
      key.push(`${path}@${fs.history(path).filter((w) => w.layer <= layer).at(-1)!.layer}`);
    }
    const signature = key.join('\n');
    if (signature === previous) continue;
    previous = signature;
    out.push({ layer, ...readPackages(files) });
  }
  return out;
}

/** Computes everything the checks need, once: OS, packages (final and per layer), accounts. */
export function buildCheckContext(input: BuildContextInput): CheckContext {
  const { fs, image } = input;
  const capturedPaths: CapturedPath[] = input.capture
    ? input.capture.paths
    : [...fs.entries()].filter((e) => e.type === 'file' && fs.content(e.path) !== undefined).map((e) => ({ path: e.path, layer: e.layer, size: e.size }));
  const { osRelease, error: osReleaseError } = readOs(fs);

  const dbPaths = [...new Set(capturedPaths.map((c) => c.path).filter((p) => isPackageDatabasePath(p)))].sort();
  const finalDb = new Map<string, Buffer>();
  for (const path of dbPaths) {
    const content = fs.content(path);
    if (content !== undefined) finalDb.set(path, content);
  }
  const { installed: packages, error: packagesError } = readPackages(finalDb);

  const passwdText = finalContent(fs, '/etc/passwd');
  const groupText = finalContent(fs, '/etc/group');
  return {
    image,
    fs,
    capturedPaths,
    secretScanTruncated: input.capture?.truncated ?? false,
    osRelease,
    ...(osReleaseError ? { osReleaseError } : {}),
    packages,
    ...(packagesError ? { packagesError } : {}),
    packageHistory: packageHistory(fs, dbPaths, image.layerCount),
    passwd: passwdText ? parsePasswd(passwdText.toString('utf8')) : null,
    groups: groupText ? parseGroup(groupText.toString('utf8')) : null,
    signatures: input.signatures ?? null,
    vulnerabilities: input.vulnerabilities ?? null,
    waivers: input.waivers ?? [],
    policy: input.policy,
    at: input.at ?? new Date(),
  };
}
