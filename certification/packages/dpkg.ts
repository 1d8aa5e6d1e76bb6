import { CertificationError } from '../errors';
import type { InstalledPackage, PackageFile } from './types';

// dpkg's database: `/var/lib/dpkg/status` (deb822 stanzas), or distroless `status.d/<pkg>` files with
// one stanza each, plus `info/<pkg>[:<arch>].list` and `.md5sums` for installed files.

export type ControlStanza = Map<string, string>;

const MAX_STATUS_BYTES = 256 * 1024 * 1024;

/** deb822 stanzas: `Field: value`, continuation lines start with a space or tab, blank lines separate. */
export function parseControl(text: string, where: string): ControlStanza[] {
  const stanzas: ControlStanza[] = [];
  let current: ControlStanza = new Map();
  let last: string | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    if (line.trim() === '') {
      if (current.size > 0) stanzas.push(current);
      current = new Map();
      last = undefined;
      continue;
    }
    if (line[0] === ' ' || line[0] === '\t') {
      if (last === undefined) {
        throw new CertificationError('PACKAGE_DB_INVALID', `${where} line ${n + 1}: expected a field, got a continuation line`, { path: where, line: n + 1 });
      }
      current.set(last, `${current.get(last)}\n${line.slice(1)}`);
      continue;
    }
    if (line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      throw new CertificationError('PACKAGE_DB_INVALID', `${where} line ${n + 1}: expected "Field: value", got ${JSON.stringify(line.slice(0, 80))}`, {
        path: where,
        line: n + 1,
      });
    }
    last = line.slice(0, colon).trim().toLowerCase();
    current.set(last, line.slice(colon + 1).trim());
  }
  if (current.size > 0) stanzas.push(current);
  return stanzas;
}

export interface ReadDpkgOptions {
  /** Keep every stanza whatever its Status (the default keeps packages whose files are on disk). */
  includeNotInstalled?: boolean;
  /** status.d files (distroless) often carry no Status: there, a missing Status means installed. */
  missingStatusMeansInstalled?: boolean;
}

/**
 * A package is installed when the third word of `Status:` (want, flag, status) is `installed`: the
 * files are on disk even when the wish is deinstall or purge. `config-files`, `half-installed` and
 * `unpacked` packages do not count.
 */
function isInstalled(status: string | undefined, options: ReadDpkgOptions): boolean {
  if (options.includeNotInstalled) return true;
  if (status === undefined) return options.missingStatusMeansInstalled === true;
  return status.split(/\s+/)[2] === 'installed';
}

/** Packages of a status (or status.d) file, in file order. Stanzas without Package or Version are skipped. */
export function readDpkgStatus(content: Buffer | string, where: string, options: ReadDpkgOptions = {}): InstalledPackage[] {
  if (content.length > MAX_STATUS_BYTES) {
    throw new CertificationError('LIMIT_EXCEEDED', `${where}: expected at most ${MAX_STATUS_BYTES} bytes, got ${content.length}`, { path: where });
  }
  const text = typeof content === 'string' ? content : content.toString('utf8');
  const out: InstalledPackage[] = [];
  for (const s of parseControl(text, where)) {
    const name = s.get('package');
    const version = s.get('version');
    if (!name || !version) continue;
    const status = s.get('status');
    if (!isInstalled(status, options)) continue;
    const pkg: InstalledPackage = { manager: 'dpkg', name, version };
    const epoch = /^(\d+):/.exec(version);
    if (epoch) pkg.epoch = Number(epoch[1]);
    const arch = s.get('architecture');
    if (arch) pkg.arch = arch;
    const source = s.get('source');
    if (source) {
      const m = /^(\S+)(?:\s+\(([^)]+)\))?$/.exec(source);
      if (!m) throw new CertificationError('PACKAGE_DB_INVALID', `${where}: package ${name}: expected "Source: name [(version)]", got ${JSON.stringify(source)}`, { path: where });
      pkg.sourceName = m[1];
      if (m[2]) pkg.sourceVersion = m[2].trim();
    }
    const maintainer = s.get('maintainer');
    if (maintainer) pkg.maintainer = maintainer;
    const installedSize = s.get('installed-size');
    if (installedSize && /^\d+$/.test(installedSize)) pkg.size = Number(installedSize) * 1024;
    const description = s.get('description');
    if (description) pkg.summary = description.split('\n')[0];
    if (status) pkg.status = status;
    const conffiles = s.get('conffiles');
    if (conffiles) {
      pkg.files = conffiles
        .split('\n')
        .map((l) => l.trim().split(/\s+/)[0])
        .filter((p) => p && p.startsWith('/'))
        .map((path) => ({ path, flags: ['config'] }));
    }
    out.push(pkg);
  }
  return out;
}

/** `info/<pkg>.md5sums`: `<md5>  <relative path>` per line. */
export function parseMd5sums(content: Buffer | string, where: string): PackageFile[] {
  const text = typeof content === 'string' ? content : content.toString('utf8');
  const out: PackageFile[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    if (line.trim() === '') continue;
    const m = /^([0-9a-fA-F]{32})\s+\*?(.+)$/.exec(line);
    if (!m) throw new CertificationError('PACKAGE_DB_INVALID', `${where} line ${n + 1}: expected "<md5> <path>", got ${JSON.stringify(line.slice(0, 80))}`, { path: where, line: n + 1 });
    const rel = m[2];
    out.push({ path: rel.startsWith('/') ? rel : `/${rel}`, digest: m[1].toLowerCase(), digestAlgo: 'md5' });
  }
  return out;
}

/** `info/<pkg>.list`: one absolute path per line (directories included). */
export function parseFileList(content: Buffer | string): string[] {
  const text = typeof content === 'string' ? content : content.toString('utf8');
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.length > 0 && l !== '/.');
}

/** Merges a package's `.list`, `.md5sums` and conffiles into one file list (list order when there is one). */
export function mergeDpkgFiles(pkg: InstalledPackage, list: string[] | undefined, md5sums: PackageFile[] | undefined): PackageFile[] | undefined {
  const conffiles = new Set((pkg.files ?? []).map((f) => f.path));
  const digests = new Map((md5sums ?? []).map((f) => [f.path, f]));
  const base: PackageFile[] | undefined = list
    ? list.map((path) => digests.get(path) ?? { path })
    : md5sums ?? (pkg.files?.length ? pkg.files : undefined);
  if (!base) return undefined;
  return base.map((f) => (conffiles.has(f.path) ? { ...f, flags: ['config'] } : { ...f }));
}

/** `available` (dselect's list, kept by some images): SHA256 per package and version. */
export function readDpkgAvailableDigests(content: Buffer | string, where: string): Map<string, string> {
  const text = typeof content === 'string' ? content : content.toString('utf8');
  const out = new Map<string, string>();
  for (const s of parseControl(text, where)) {
    const name = s.get('package');
    const version = s.get('version');
    const sha256 = s.get('sha256');
    if (name && version && sha256 && /^[0-9a-f]{64}$/i.test(sha256)) out.set(`${name}\u0000${version}`, `sha256:${sha256.toLowerCase()}`);
  }
  return out;
}
