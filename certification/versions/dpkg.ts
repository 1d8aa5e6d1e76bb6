import { CertificationError } from '../errors';
import type { Ordering } from './rpm';

// Debian version ordering (Debian policy 5.6.12, dpkg's verrevcmp): epoch numerically, then upstream
// version and revision by alternating non-digit and digit runs; `~` sorts before everything, even the
// end of the string, and letters sort before other characters.

export interface DpkgVersion {
  epoch: number;
  upstream: string;
  /** Empty when the version has no `-revision` (dpkg treats it as "0"-equivalent). */
  revision: string;
}

/** Splits without validating: dpkg compares whatever string it is given. */
function split(input: string): DpkgVersion {
  const trimmed = input.trim();
  const colon = trimmed.indexOf(':');
  const epochText = colon >= 0 ? trimmed.slice(0, colon) : '';
  const rest = colon >= 0 ? trimmed.slice(colon + 1) : trimmed;
  const dash = rest.lastIndexOf('-');
  return {
    epoch: epochText === '' ? 0 : Number.parseInt(epochText, 10) || 0,
    upstream: dash >= 0 ? rest.slice(0, dash) : rest,
    revision: dash >= 0 ? rest.slice(dash + 1) : '',
  };
}

/** Parses `[epoch:]upstream[-revision]` and rejects what dpkg would reject. */
export function parse(input: string): DpkgVersion {
  const fail = (why: string) =>
    new CertificationError('VERSION_INVALID', `expected a Debian version [epoch:]upstream[-revision], got ${JSON.stringify(input)}: ${why}`);
  const text = input.trim();
  if (text.length === 0) throw fail('empty version');
  if (/\s/.test(text)) throw fail('contains whitespace');
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const epoch = text.slice(0, colon);
    if (epoch.length === 0) throw fail('empty epoch');
    if (!/^\d+$/.test(epoch)) throw fail(`epoch ${JSON.stringify(epoch)} is not a number`);
    if (Number(epoch) > 2 ** 31 - 1) throw fail('epoch too large');
  }
  const v = split(text);
  const hasRevision = text.slice(colon + 1).includes('-');
  if (v.upstream.length === 0) throw fail('empty upstream version');
  if (hasRevision && v.revision.length === 0) throw fail('empty revision');
  if (!/^\d/.test(v.upstream)) throw fail('upstream version does not start with a digit');
  const bad = /[^A-Za-z0-9.+~:-]/.exec(v.upstream);
  if (bad) throw fail(`invalid character ${JSON.stringify(bad[0])} in upstream version`);
  if (colon < 0 && v.upstream.includes(':')) throw fail('colon in upstream version without an epoch');
  const badRev = /[^A-Za-z0-9.+~]/.exec(v.revision);
  if (badRev) throw fail(`invalid character ${JSON.stringify(badRev[0])} in revision`);
  return v;
}

export function isValid(input: string): boolean {
  try {
    parse(input);
    return true;
  } catch {
    return false;
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function order(c: number | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (isLetter(c)) return c;
  if (c === 126) return -1;
  return c + 256;
}

/** dpkg's verrevcmp over one upstream or revision part. */
export function compareFragment(a: string, b: string): Ordering {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(i < a.length ? a.charCodeAt(i) : undefined);
      const bc = order(j < b.length ? b.charCodeAt(j) : undefined);
      if (ac !== bc) return ac < bc ? -1 : 1;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    let firstDiff = 0;
    while (i < a.length && isDigit(a.charCodeAt(i)) && j < b.length && isDigit(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && isDigit(a.charCodeAt(i))) return 1;
    if (j < b.length && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff) return firstDiff < 0 ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: DpkgVersion, b: DpkgVersion): Ordering {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return compareFragment(a.upstream, b.upstream) || compareFragment(a.revision, b.revision);
}

/** Compares two Debian version strings. Total over all strings, as `dpkg --compare-versions` is. */
export function compare(a: string, b: string): Ordering {
  return compareVersions(split(a), split(b));
}
