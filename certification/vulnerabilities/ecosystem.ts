import * as apk from '../versions/apk';
import * as dpkg from '../versions/dpkg';
import * as rpm from '../versions/rpm';
import type { OsRelease } from '../os-release';
import type { PackageManager } from '../packages/types';

// OSV names distro releases with ecosystem strings (`Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.19`,
// `Red Hat:enterprise_linux:8::appstream`, `AlmaLinux:9`, `Rocky Linux:9`). This file parses them and
// decides which of them apply to an image, from its os-release.

export type DistroFamily = 'debian' | 'ubuntu' | 'alpine' | 'redhat' | 'almalinux' | 'rocky';

export interface ParsedEcosystem {
  family: DistroFamily;
  /** Release as the ecosystem writes it: `12`, `22.04`, `3.19`, `8`, `8.6`. */
  release: string;
  /** Ubuntu: `Pro`, `Pro:FIPS`, `Pro:FIPS-updates`, `Pro:FIPS-preview`; Red Hat: `enterprise_linux`, `rhel_aus`, … */
  stream?: string;
  /** Red Hat repository (`appstream`, `baseos`, `client`, …). */
  repo?: string;
}

const MANAGER: Record<DistroFamily, PackageManager> = {
  debian: 'dpkg',
  ubuntu: 'dpkg',
  alpine: 'apk',
  redhat: 'rpm',
  almalinux: 'rpm',
  rocky: 'rpm',
};

/** The package manager (and so the version ordering) of a distro family. */
export function managerOf(family: DistroFamily): PackageManager {
  return MANAGER[family];
}

export function comparatorOf(family: DistroFamily): (a: string, b: string) => -1 | 0 | 1 {
  const manager = MANAGER[family];
  return manager === 'dpkg' ? dpkg.compare : manager === 'apk' ? apk.compare : rpm.compare;
}

/** Parses a distro ecosystem string; null for every ecosystem the engine does not match (PyPI, npm, …). */
export function parseEcosystem(ecosystem: string): ParsedEcosystem | null {
  let m = /^Debian:(\d+)$/.exec(ecosystem);
  if (m) return { family: 'debian', release: m[1] };
  m = /^Ubuntu:(?:(Pro(?::FIPS(?:-updates|-preview)?)?):)?(\d+\.\d+)(?::LTS)?$/.exec(ecosystem);
  if (m) return { family: 'ubuntu', release: m[2], ...(m[1] ? { stream: m[1] } : {}) };
  m = /^Alpine:v(\d+\.\d+)$/.exec(ecosystem);
  if (m) return { family: 'alpine', release: m[1] };
  m = /^Red Hat:([a-z0-9_]+):(\d+(?:\.\d+)*)::([A-Za-z0-9_.-]+)$/.exec(ecosystem);
  if (m) return { family: 'redhat', release: m[2], stream: m[1], repo: m[3] };
  m = /^AlmaLinux:(\d+)$/.exec(ecosystem);
  if (m) return { family: 'almalinux', release: m[1] };
  m = /^Rocky Linux:(\d+)$/.exec(ecosystem);
  if (m) return { family: 'rocky', release: m[1] };
  return null;
}

export interface EcosystemOptions {
  /**
   * Red Hat streams that apply to a RHEL/UBI image. Default `['enterprise_linux']`. Extended-support
   * streams (`rhel_eus`, `rhel_aus`, `rhel_e4s`, `rhel_tus`) describe fixes for a pinned minor release;
   * when listed they apply only if their `<major>.<minor>` equals the image's VERSION_ID.
   */
  redHatStreams?: string[];
  /** The Ubuntu Pro stream the image is built on (`Pro`, `Pro:FIPS`, …); none by default. */
  ubuntuStream?: string;
}

export interface EcosystemTarget {
  family: DistroFamily;
  manager: PackageManager;
  /** A readable name of what is matched, e.g. `Ubuntu:22.04[:LTS]`. */
  label: string;
  compare: (a: string, b: string) => -1 | 0 | 1;
  /** Whether advisories published under this ecosystem string apply to the image. */
  accepts(ecosystem: string): boolean;
}

const major = (v: string) => /^(\d+)/.exec(v)?.[1];
const majorMinor = (v: string) => /^(\d+)\.(\d+)/.exec(v)?.slice(1, 3).join('.');

function target(family: DistroFamily, label: string, accepts: (p: ParsedEcosystem) => boolean): EcosystemTarget {
  return {
    family,
    manager: MANAGER[family],
    label,
    compare: comparatorOf(family),
    accepts(ecosystem: string) {
      const p = parseEcosystem(ecosystem);
      return p !== null && p.family === family && accepts(p);
    },
  };
}

function familyOf(os: OsRelease): DistroFamily | null {
  switch (os.id) {
    case 'debian':
      return 'debian';
    case 'ubuntu':
      return 'ubuntu';
    case 'alpine':
      return 'alpine';
    case 'rhel':
      return 'redhat';
    case 'almalinux':
      return 'almalinux';
    case 'rocky':
      return 'rocky';
    default:
      // Derivatives (ID_LIKE) rebuild packages with their own versions: another distro's advisories would mislead.
      return null;
  }
}

/** The OSV ecosystems that apply to an image, from its os-release; null when no supported feed covers it. */
export function ecosystemTarget(os: OsRelease, options: EcosystemOptions = {}): EcosystemTarget | null {
  const family = familyOf(os);
  const versionId = os.versionId ?? '';
  if (!family) return null;
  switch (family) {
    case 'debian': {
      const m = major(versionId);
      return m ? target(family, `Debian:${m}`, (p) => p.release === m) : null;
    }
    case 'ubuntu': {
      const v = majorMinor(versionId);
      if (!v) return null;
      const stream = options.ubuntuStream;
      const label = stream ? `Ubuntu:${stream}:${v}[:LTS]` : `Ubuntu:${v}[:LTS]`;
      return target(family, label, (p) => p.release === v && (p.stream === undefined || p.stream === stream));
    }
    case 'alpine': {
      const v = majorMinor(versionId);
      return v ? target(family, `Alpine:v${v}`, (p) => p.release === v) : null;
    }
    case 'redhat': {
      const m = major(versionId);
      if (!m) return null;
      const mm = majorMinor(versionId);
      const streams = options.redHatStreams ?? ['enterprise_linux'];
      return target(family, `Red Hat:{${streams.join(',')}}:${m}::*`, (p) => {
        if (!p.stream || !streams.includes(p.stream)) return false;
        if (p.stream === 'enterprise_linux') return p.release === m || (mm !== undefined && p.release === mm);
        return mm !== undefined && p.release === mm;
      });
    }
    case 'almalinux':
    case 'rocky': {
      const m = major(versionId);
      const name = family === 'almalinux' ? 'AlmaLinux' : 'Rocky Linux';
      return m ? target(family, `${name}:${m}`, (p) => p.release === m) : null;
    }
  }
}
