import type { PathWrite } from '../image/types';
import type { InstalledPackage, PackageFile } from '../packages/types';
import { capEvidence, outcome, type CheckDefinition, type CheckEvidence, type LayerPackages } from './types';

interface Params {
  ignorePaths?: string[];
}

const DEFAULT_IGNORE = ['/etc', '/var', '/run'];
const IGNORED_FLAGS = new Set(['config', 'doc', 'license', 'ghost', 'readme']);
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const SPECIAL_BITS = 0o6000;

interface Owner {
  pkg: InstalledPackage;
  file: PackageFile;
}

function evr(p: InstalledPackage): string {
  return `${p.epoch !== undefined ? `${p.epoch}:` : ''}${p.version}${p.release ? `-${p.release}` : ''}`;
}

function sameBuild(a: InstalledPackage, b: InstalledPackage): boolean {
  return evr(a) === evr(b) && (a.sigmd5 ?? '') === (b.sigmd5 ?? '') && (a.digest ?? '') === (b.digest ?? '');
}

/** Package-owned regular files of one database version, minus the files allowed to change. */
function ownedFiles(db: LayerPackages, ignore: string[]): Map<string, Owner> {
  const out = new Map<string, Owner>();
  for (const pkg of db.installed?.packages ?? []) {
    for (const file of pkg.files ?? []) {
      if (file.mode !== undefined && (file.mode & S_IFMT) === S_IFDIR) continue;
      if (file.flags?.some((f) => IGNORED_FLAGS.has(f))) continue;
      if (ignore.some((p) => file.path === p || file.path.startsWith(`${p}/`))) continue;
      if (!out.has(file.path)) out.set(file.path, { pkg, file });
    }
  }
  return out;
}

const octal = (m: number | undefined) => (m === undefined ? '?' : `0${(m & 0o7777).toString(8)}`);

/** Why a write in a later layer is acceptable, or undefined when it modifies the package's file. */
function allowed(write: PathWrite, before: PathWrite | undefined, owner: Owner, nowOwner: Owner | undefined): string | undefined {
  if (!nowOwner) return 'no longer owned by a package';
  if (!sameBuild(owner.pkg, nowOwner.pkg)) return 'package updated';
  if (write.type === 'directory') return 'directory';
  const recorded = nowOwner.file.digestAlgo === 'sha256' ? nowOwner.file.digest : undefined;
  const sameContent = write.sha256 !== undefined && (write.sha256 === recorded || (before?.kind === 'write' && before.sha256 === write.sha256));
  if (before?.kind === 'write' && before.type === 'symlink' && write.type === 'symlink') return 'symlink rewritten';
  if (!sameContent) return undefined;
  const was = before?.kind === 'write' ? before.mode : undefined;
  if (was === undefined || write.mode === was) return 'same content';
  // Dropping setuid/setgid is hardening (allowed); any other mode change alters the package's file.
  return write.mode === (was & ~SPECIAL_BITS) ? 'setuid/setgid removed' : undefined;
}

// base-os.unmodified-packages: OS files are only changed by package updates; a hand-patched glibc or
// sudo breaks the vendor's support and hides from vulnerability matching, which trusts the database.
export const baseOsUnmodifiedPackages: CheckDefinition<Params> = {
  id: 'base-os.unmodified-packages',
  title: 'OS package files unmodified',
  description:
    "Files installed by OS packages are not overwritten in a later layer unless the package itself was updated (compared with each layer's package database). Configuration, documentation, license and ghost files and /etc, /var and /run are ignored; removing setuid bits is allowed.",
  remediation: 'Change OS files only through the package manager (dnf/apt/apk upgrade or install); put your own files in your own paths.',
  defaultRequired: true,
  run(ctx, params) {
    if (!ctx.osRelease && !ctx.packages && !ctx.packagesError && ctx.packageHistory.length === 0) {
      return outcome.skipped('No base OS packages to compare (scratch or static image)', 'no-base-os');
    }
    if (ctx.packagesError) return outcome.error(`The package database could not be read: ${ctx.packagesError}`);
    const versions = ctx.packageHistory.filter((v) => v.installed);
    if (versions.length === 0) return outcome.error('No package database to compare files against');
    const broken = ctx.packageHistory.find((v) => v.error);
    const ignore = params.ignorePaths ?? DEFAULT_IGNORE;
    const owned = versions.map((v) => ({ layer: v.layer, files: ownedFiles(v, ignore) }));
    const dbAt = (layer: number) => owned.filter((o) => o.layer <= layer).at(-1);
    const paths = new Set<string>();
    for (const o of owned) for (const p of o.files.keys()) paths.add(p);

    const evidence: CheckEvidence[] = [];
    for (const path of [...paths].sort()) {
      const history = ctx.fs.history(path);
      for (let i = 0; i < history.length; i++) {
        const write = history[i]!;
        if (write.kind !== 'write') continue;
        const before = dbAt(write.layer - 1);
        const owner = before?.files.get(path);
        if (!owner) continue;
        const nowOwner = dbAt(write.layer)?.files.get(path);
        if (allowed(write, history[i - 1], owner, nowOwner)) continue;
        const installedIn = history.find((w) => w.kind === 'write' && w.layer <= before!.layer)?.layer ?? before!.layer;
        const prev = history[i - 1];
        const change =
          prev?.kind === 'write' && prev.sha256 !== undefined && prev.sha256 === write.sha256
            ? `mode changed from ${octal(prev.mode)} to ${octal(write.mode)}`
            : `content replaced${write.type && write.type !== 'file' ? ` by a ${write.type}` : ''}`;
        evidence.push({
          path,
          layer: write.layer,
          package: `${owner.pkg.name}-${evr(owner.pkg)}`,
          detail: `installed in layer ${installedIn} by ${owner.pkg.name}-${evr(owner.pkg)}, ${change} in layer ${write.layer} without a package update`,
        });
      }
    }
    if (broken) evidence.push({ detail: `the package database after layer ${broken.layer} could not be read: ${broken.error}` });
    if (evidence.length > (broken ? 1 : 0)) {
      return outcome.failed(`${evidence.length - (broken ? 1 : 0)} OS package file(s) modified outside the package manager`, capEvidence(evidence));
    }
    return outcome.passed(`${paths.size} package-owned files checked across ${versions.length} database version(s); none modified`, evidence);
  },
};
