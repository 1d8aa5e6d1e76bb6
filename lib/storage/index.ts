import path from 'node:path';
import { LocalStorage } from './local-storage';
import type { Storage } from './storage';

export * from './storage';
export { LocalStorage } from './local-storage';

let cached: { root: string; storage: Storage } | undefined;

/** The platform's storage: `$ASSAY_DATA_DIR/storage` (a shared volume when several machines run workers). */
export function storage(): Storage {
  const root = path.resolve(process.env.ASSAY_DATA_DIR ?? '.data', 'storage');
  if (!cached || cached.root !== root) cached = { root, storage: new LocalStorage(root) };
  return cached.storage;
}
