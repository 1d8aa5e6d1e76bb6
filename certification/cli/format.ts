import type { FileEntry } from '../image/types';

const TYPE_CHAR: Record<FileEntry['type'], string> = {
  file: '-',
  directory: 'd',
  symlink: 'l',
  hardlink: 'h',
  'char-device': 'c',
  'block-device': 'b',
  fifo: 'p',
};

/** `ls -l` style mode, e.g. `-rwsr-xr-x` (setuid, setgid and sticky shown as s/S and t/T). */
export function formatMode(type: FileEntry['type'], mode: number): string {
  const rwx = (bits: number, special: boolean, specialChar: string) => {
    const x = (bits & 1) !== 0;
    return `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${special ? (x ? specialChar : specialChar.toUpperCase()) : x ? 'x' : '-'}`;
  };
  return (
    TYPE_CHAR[type] +
    rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') +
    rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') +
    rwx(mode & 7, (mode & 0o1000) !== 0, 't')
  );
}

export function humanSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** Makes names printable on one line: control characters become `\xNN`. */
export function printable(value: string): string {
  return value.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
