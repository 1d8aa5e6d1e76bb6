import type { OsRelease } from '../os-release';
import type { InstalledPackage } from '../packages/types';

// Package URLs (github.com/package-url/purl-spec) for OS packages: rpm keeps the epoch as a
// qualifier and the vendor as namespace; deb and apk use the distribution as namespace.

const RPM_NAMESPACES: Record<string, string> = {
  rhel: 'redhat',
  centos: 'centos',
  fedora: 'fedora',
  almalinux: 'almalinux',
  rocky: 'rocky',
  ol: 'oracle',
  amzn: 'amazon',
  sles: 'suse',
  'sles_sap': 'suse',
  'opensuse-leap': 'opensuse',
  'opensuse-tumbleweed': 'opensuse',
  mariner: 'mariner',
  azurelinux: 'azurelinux',
};

/** Percent-encodes a purl segment: everything but unreserved characters (RFC 3986). */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function purlNamespace(pkg: InstalledPackage, os: OsRelease | null): string {
  const id = os?.id ?? '';
  if (pkg.manager === 'dpkg') return id === 'ubuntu' ? 'ubuntu' : 'debian';
  if (pkg.manager === 'apk') return 'alpine';
  return RPM_NAMESPACES[id] ?? (id || (pkg.vendor ?? 'rpm').toLowerCase().replace(/[^a-z0-9.-]+/g, '-'));
}

export function packagePurl(pkg: InstalledPackage, os: OsRelease | null): string {
  const type = pkg.manager === 'dpkg' ? 'deb' : pkg.manager;
  const version = pkg.manager === 'rpm' && pkg.release ? `${pkg.version}-${pkg.release}` : pkg.version;
  const qualifiers: [string, string][] = [];
  if (pkg.arch) qualifiers.push(['arch', pkg.arch]);
  if (os?.id) qualifiers.push(['distro', `${os.id}${os.versionId ? `-${os.versionId}` : ''}`]);
  if (pkg.manager === 'rpm' && pkg.epoch !== undefined && pkg.epoch !== 0) qualifiers.push(['epoch', String(pkg.epoch)]);
  if (pkg.sourceName && pkg.sourceName !== pkg.name && pkg.manager !== 'rpm') qualifiers.push(['upstream', pkg.sourceName]);
  if (pkg.manager === 'rpm' && pkg.sourceRpm) qualifiers.push(['upstream', pkg.sourceRpm]);
  qualifiers.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const q = qualifiers.length ? `?${qualifiers.map(([k, v]) => `${k}=${enc(v)}`).join('&')}` : '';
  return `pkg:${type}/${enc(purlNamespace(pkg, os))}/${enc(pkg.name)}@${enc(version)}${q}`;
}
