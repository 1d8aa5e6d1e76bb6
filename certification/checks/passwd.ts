import type { GroupEntry, PasswdEntry } from './types';

// /etc/passwd and /etc/group as getpwnam(3) reads them: colon-separated, first match wins, malformed
// lines skipped (a hostile file must not crash the check or hide a later valid entry).

export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.replace(/\r$/, '').split(':');
    if (f.length < 4 || f[0] === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue;
    const uid = parseId(f[2]!);
    const gid = parseId(f[3]!);
    if (uid === undefined || gid === undefined) continue;
    out.push({ name: f[0]!, uid, gid, home: f[5] ?? '', shell: f[6] ?? '' });
  }
  return out;
}

export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.replace(/\r$/, '').split(':');
    if (f.length < 3 || f[0] === '' || line.startsWith('#')) continue;
    const gid = parseId(f[2]!);
    if (gid !== undefined) out.push({ name: f[0]!, gid });
  }
  return out;
}

/** A decimal id as the kernel takes it (leading zeros allowed: `00` is root). */
export function parseId(s: string): number | undefined {
  if (!/^[0-9]{1,10}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 0xffffffff ? n : undefined;
}

export interface ResolvedUser {
  /** The config `User` as written. */
  raw: string;
  uid?: number;
  gid?: number;
  /** Why the user could not be resolved to a uid. */
  problem?: string;
  via?: 'numeric' | 'passwd';
}

/** Resolves a config `User` (`name`, `uid`, `name:group`, `uid:gid`) through the image's own passwd. */
export function resolveUser(user: string | undefined, passwd: PasswdEntry[] | null, groups: GroupEntry[] | null): ResolvedUser {
  const raw = user ?? '';
  const trimmed = raw.trim();
  if (trimmed === '') return { raw, problem: 'no user is set, so the container runs as root' };
  const colon = trimmed.indexOf(':');
  const userPart = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const groupPart = colon < 0 ? undefined : trimmed.slice(colon + 1);
  let uid: number | undefined;
  let gid: number | undefined;
  let via: ResolvedUser['via'];
  const numeric = parseId(userPart);
  if (numeric !== undefined) {
    uid = numeric;
    via = 'numeric';
    gid = passwd?.find((p) => p.uid === numeric)?.gid;
  } else if (userPart === '') {
    return { raw, problem: `user "${raw}" names no user before the colon, so the container runs as root` };
  } else {
    const entry = passwd?.find((p) => p.name === userPart);
    if (!entry) {
      // Without a passwd entry the engine cannot start it; `root` is uid 0 everywhere regardless.
      if (userPart === 'root') return { raw, uid: 0, gid: 0, via: 'passwd' };
      return { raw, problem: `user "${userPart}" is not in the image's /etc/passwd${passwd ? '' : ' (the image has none)'}` };
    }
    uid = entry.uid;
    gid = entry.gid;
    via = 'passwd';
  }
  if (groupPart !== undefined && groupPart !== '') {
    const g = parseId(groupPart) ?? groups?.find((e) => e.name === groupPart)?.gid;
    if (g === undefined) return { raw, uid, via, problem: `group "${groupPart}" is not in the image's /etc/group` };
    gid = g;
  }
  return { raw, uid, ...(gid !== undefined ? { gid } : {}), via };
}
