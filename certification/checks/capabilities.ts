// Decodes the `security.capability` xattr (struct vfs_cap_data, linux/capability.h): a little-endian
// magic word with the revision and the effective flag, then permitted/inheritable masks (v1: one
// 32-bit word each; v2 and v3: two) and, in v3, the root uid of the owning user namespace.

export const CAPABILITY_NAMES = [
  'chown', 'dac_override', 'dac_read_search', 'fowner', 'fsetid', 'kill', 'setgid', 'setuid', 'setpcap',
  'linux_immutable', 'net_bind_service', 'net_broadcast', 'net_admin', 'net_raw', 'ipc_lock', 'ipc_owner',
  'sys_module', 'sys_rawio', 'sys_chroot', 'sys_ptrace', 'sys_pacct', 'sys_admin', 'sys_boot', 'sys_nice',
  'sys_resource', 'sys_time', 'sys_tty_config', 'mknod', 'lease', 'audit_write', 'audit_control', 'setfcap',
  'mac_override', 'mac_admin', 'syslog', 'wake_alarm', 'block_suspend', 'audit_read', 'perfmon', 'bpf',
  'checkpoint_restore',
] as const;

export interface FileCapabilities {
  revision: 1 | 2 | 3;
  effective: boolean;
  permitted: string[];
  inheritable: string[];
  rootId?: number;
}

const REVISION_MASK = 0xff000000;
const EFFECTIVE = 0x000001;

function names(words: number[]): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < words.length * 32; bit++) {
    if ((words[bit >> 5]! >>> (bit & 31)) & 1) out.push(CAPABILITY_NAMES[bit] ? `cap_${CAPABILITY_NAMES[bit]}` : `cap_${bit}`);
  }
  return out;
}

/** undefined when the bytes are not a capability set of a known revision. */
export function decodeFileCapabilities(data: Buffer): FileCapabilities | undefined {
  if (data.length < 4) return undefined;
  const magic = data.readUInt32LE(0);
  const rev = (magic & REVISION_MASK) >>> 0;
  const effective = (magic & EFFECTIVE) !== 0;
  const words = rev === 0x01000000 ? 1 : rev === 0x02000000 || rev === 0x03000000 ? 2 : 0;
  const expected = 4 + words * 8 + (rev === 0x03000000 ? 4 : 0);
  if (words === 0 || data.length < expected) return undefined;
  const permitted: number[] = [];
  const inheritable: number[] = [];
  for (let i = 0; i < words; i++) {
    permitted.push(data.readUInt32LE(4 + i * 8));
    inheritable.push(data.readUInt32LE(8 + i * 8));
  }
  const out: FileCapabilities = {
    revision: rev === 0x01000000 ? 1 : rev === 0x02000000 ? 2 : 3,
    effective,
    permitted: names(permitted),
    inheritable: names(inheritable),
  };
  if (rev === 0x03000000) out.rootId = data.readUInt32LE(4 + words * 8);
  return out;
}

/** The getcap(8)-style text: `cap_net_raw,cap_sys_admin=ep`. */
export function formatFileCapabilities(c: FileCapabilities): string {
  const all = [...new Set([...c.permitted, ...c.inheritable])];
  if (all.length === 0) return '(empty capability set)';
  const flags = (n: string) => `${c.effective ? 'e' : ''}${c.inheritable.includes(n) ? 'i' : ''}${c.permitted.includes(n) ? 'p' : ''}`;
  const groups = new Map<string, string[]>();
  for (const n of all) groups.set(flags(n), [...(groups.get(flags(n)) ?? []), n]);
  const text = [...groups].map(([f, ns]) => `${ns.join(',')}=${f}`).join(' ');
  return c.rootId !== undefined ? `${text} [rootid=${c.rootId}]` : text;
}
