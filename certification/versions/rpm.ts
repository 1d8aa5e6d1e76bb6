import { CertificationError } from '../errors';

// RPM version ordering: rpmvercmp over version and release, epoch first (absent epoch = 0).
// `~` sorts before everything (pre-releases), `^` after the base version but before any extension.

export type Ordering = -1 | 0 | 1;

export interface RpmEvr {
  epoch?: number;
  version: string;
  release?: string;
}

export interface RpmNevra extends RpmEvr {
  name?: string;
  arch?: string;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
// rpm uses the C locale: only ASCII letters and digits count; anything else separates segments.
const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlnum = (c: string) => isDigit(c) || isAlpha(c);

/** rpmvercmp: compares one version (or release) string the way rpm does. */
export function rpmvercmp(a: string, b: string): Ordering {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;

    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;

    const numeric = isDigit(a[i]);
    const inSegment = numeric ? isDigit : isAlpha;
    const si = i;
    const sj = j;
    while (i < a.length && inSegment(a[i])) i++;
    while (j < b.length && inSegment(b[j])) j++;
    // A numeric segment is newer than an alphabetic one.
    if (j === sj) return numeric ? 1 : -1;

    let segA = a.slice(si, i);
    let segB = b.slice(sj, j);
    if (numeric) {
      segA = segA.replace(/^0+/, '');
      segB = segB.replace(/^0+/, '');
      if (segA.length !== segB.length) return segA.length > segB.length ? 1 : -1;
    }
    if (segA !== segB) return segA < segB ? -1 : 1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

/** Parses `[epoch:]version[-release]`; rejects empty parts, a non-numeric epoch and whitespace. */
export function parseEvr(input: string): RpmEvr {
  const fail = (why: string) =>
    new CertificationError('VERSION_INVALID', `expected an rpm [epoch:]version[-release], got ${JSON.stringify(input)}: ${why}`);
  if (input.length === 0) throw fail('empty');
  if (/\s/.test(input)) throw fail('contains whitespace');
  let rest = input;
  let epoch: number | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const e = rest.slice(0, colon);
    if (!/^\d{1,10}$/.test(e)) throw fail(`epoch ${JSON.stringify(e)} is not a number`);
    epoch = Number(e);
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const version = dash >= 0 ? rest.slice(0, dash) : rest;
  const release = dash >= 0 ? rest.slice(dash + 1) : undefined;
  if (version.length === 0) throw fail('empty version');
  if (release !== undefined && release.length === 0) throw fail('empty release');
  if (version.includes(':')) throw fail('more than one epoch separator');
  return { epoch, version, release };
}

export function compareEvr(a: RpmEvr, b: RpmEvr): Ordering {
  const ea = a.epoch ?? 0;
  const eb = b.epoch ?? 0;
  if (ea !== eb) return ea < eb ? -1 : 1;
  const v = rpmvercmp(a.version, b.version);
  if (v !== 0) return v;
  // A missing release matches any release, as rpm does when a dependency names only a version.
  if (a.release === undefined || b.release === undefined) return 0;
  return rpmvercmp(a.release, b.release);
}

/** Compares two `[epoch:]version[-release]` strings. */
export function compare(a: string, b: string): Ordering {
  return compareEvr(parseEvr(a), parseEvr(b));
}

const ARCHES = new Set([
  'noarch', 'src', 'nosrc', 'x86_64', 'i386', 'i486', 'i586', 'i686', 'athlon', 'aarch64', 'armv7hl', 'armv7l',
  'armv6hl', 'ppc64le', 'ppc64', 'ppc', 's390x', 's390', 'riscv64', 'riscv', 'mips', 'mipsel', 'mips64el',
  'loongarch64', 'ia64', 'alpha', 'sparc64', 'sparcv9',
]);

/**
 * Parses `[name-][epoch:]version-release[.arch]` (release required). The name is whatever precedes
 * the last two dashes; the arch is recognized only from a known list, so `1.fc39` stays a release.
 */
export function parseNevra(input: string): RpmNevra {
  let rest = input;
  let arch: string | undefined;
  const dot = rest.lastIndexOf('.');
  if (dot > 0 && ARCHES.has(rest.slice(dot + 1))) {
    arch = rest.slice(dot + 1);
    rest = rest.slice(0, dot);
  }
  const rDash = rest.lastIndexOf('-');
  const vDash = rDash > 0 ? rest.lastIndexOf('-', rDash - 1) : -1;
  if (rDash < 0) {
    throw new CertificationError('VERSION_INVALID', `expected an rpm [name-][epoch:]version-release[.arch], got ${JSON.stringify(input)}: no release`);
  }
  const name = vDash > 0 ? rest.slice(0, vDash) : undefined;
  const evr = parseEvr(rest.slice(vDash + 1));
  return { name, ...evr, arch };
}

function compareOptionalString(a: string | undefined, b: string | undefined): Ordering {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** Name, then EVR, then arch; a part that is present sorts after one that is absent. */
export function compareNevra(a: RpmNevra, b: RpmNevra): Ordering {
  return (
    compareOptionalString(a.name, b.name) ||
    compareEvr(a, b) ||
    compareOptionalString(a.arch, b.arch)
  );
}
