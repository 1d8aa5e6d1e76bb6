import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { importAdvisories, loadAdvisoryIndex, saveAdvisoryIndex, type AdvisoryIndex } from '@/certification/index';
import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { recordAudit } from '../../audit/record';
import { storage } from '../../storage';

// Advisory databases: an OSV folder or zip becomes the engine's index, saved in storage; each import
// is an advisory_imports row, and the newest row is the database every certification uses.

export interface ImportAdvisoryDatabaseOptions {
  actor: Actor;
  sourceIp?: string | null;
  /** A folder of OSV JSON files or a .zip of them, on this machine. */
  path: string;
  /** What the import came from, as shown to admins (file name, URL, "demo"). */
  source?: string;
}

/** Runs the engine's import (CPU-heavy: call it from a worker or a script, never a request). */
export async function importAdvisoryDatabase(opts: ImportAdvisoryDatabaseOptions) {
  assertAuthorized(opts.actor, 'advisories.write');
  const index = await importAdvisories(opts.path);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'assay-advisories-'));
  const key = `advisories/${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.json.gz`;
  try {
    const file = path.join(tmp, 'index.json.gz');
    await saveAdvisoryIndex(index, file);
    await storage().put(key, createReadStream(file));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const ecosystems = Object.keys(index.ecosystems).sort();
  const row = await db().$transaction(async (tx) => {
    const r = await tx.advisoryImport.create({
      data: { source: opts.source ?? path.basename(opts.path), recordCount: index.counts.indexed, ecosystems, storageKey: key },
    });
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'advisories.import',
      objectType: 'advisory_import',
      objectId: r.id,
      sourceIp: opts.sourceIp ?? null,
      after: { source: r.source, records: index.counts.records, indexed: index.counts.indexed, invalid: index.counts.invalid, ecosystems: ecosystems.length },
    });
    return r;
  });
  return { import: row, counts: index.counts, problems: index.problems.slice(0, 20) };
}

/** The newest import with a stored index, or null when none exists. */
export async function latestAdvisoryImport() {
  return db().advisoryImport.findFirst({ where: { storageKey: { not: null } }, orderBy: [{ importedAt: 'desc' }, { id: 'desc' }] });
}

/** Every import, newest first (admins). */
export async function listAdvisoryImports({ actor, take = 50 }: { actor: Actor; take?: number }) {
  assertAuthorized(actor, 'advisories.write');
  return db().advisoryImport.findMany({ orderBy: [{ importedAt: 'desc' }, { id: 'desc' }], take });
}

let cached: { id: string; index: AdvisoryIndex } | undefined;

/** The latest index, loaded once per process and reloaded when a newer import exists. */
export async function currentAdvisoryIndex(): Promise<{ id: string; index: AdvisoryIndex } | null> {
  const latest = await latestAdvisoryImport();
  if (!latest?.storageKey) return null;
  if (cached?.id === latest.id) return cached;
  const index = await loadAdvisoryIndex(storage().localPath(latest.storageKey));
  cached = { id: latest.id, index };
  return cached;
}

/** "3 days ago" for the freshness line. */
export function ageInWords(from: Date, now = new Date()): string {
  const s = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  const units: [number, string][] = [[86_400, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [size, name] of units) {
    const n = Math.floor(s / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}
