import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from './support/db';
import { listMigrations, migrate } from '../lib/db/migrate';

// Proves the hand-written SQL migrations build exactly the database schema.prisma describes:
// every model's table, every field's column with its type and nullability, enums with their values,
// every unique/normal index and every foreign key.
const require = createRequire(import.meta.url);
const wasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
const schemaText = readFileSync(path.resolve(import.meta.dirname, '..', 'prisma', 'schema.prisma'), 'utf8');

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isList: boolean;
  isRequired: boolean;
  relationFromFields?: string[];
}
interface DmmfModel { name: string; dbName: string | null; fields: DmmfField[] }
interface DmmfIndex { model: string; type: 'id' | 'normal' | 'unique' | 'fulltext'; fields: { name: string }[]; algorithm?: string }
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string; dbName: string | null }[] }[]; indexes: DmmfIndex[] };
}
const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: schemaText }))) as Dmmf;

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp without time zone',
  Json: 'jsonb',
  Float: 'double precision',
};

const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
const columnOf = (f: DmmfField) => f.dbName ?? f.name;

function unsupportedColumns(modelName: string): string[] {
  const block = schemaText.match(new RegExp(`model ${modelName} \\{([\\s\\S]*?)\\n\\}`))?.[1] ?? '';
  return [...block.matchAll(/Unsupported\("[^"]+"\)\??(?:.*@map\("([^"]+)"\))?/g)].map((m) => m[1]!).filter(Boolean);
}

describe('migrations match schema.prisma', () => {
  let client: pg.Client;
  let url: string;

  beforeAll(async () => {
    ({ url } = await useTestDatabase());
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  it('records every migration in _prisma_migrations with its sha256 checksum', async () => {
    const onDisk = await listMigrations();
    const { rows } = await client.query('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk.map((m) => m.name));
    for (const m of onDisk) {
      const row = rows.find((r) => r.migration_name === m.name)!;
      expect(row.checksum).toBe(m.checksum);
      expect(row.finished_at).not.toBeNull();
    }
    const again = await migrate(url);
    expect(again.applied).toEqual([]);
  });

  it('creates each enum with exactly its values', async () => {
    for (const e of dmmf.datamodel.enums) {
      const { rows } = await client.query(
        `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
        [e.name],
      );
      expect(rows.map((r) => r.enumlabel), e.name).toEqual(e.values.map((v) => v.dbName ?? v.name));
    }
  });

  it('creates each model table with exactly its columns, types and nullability', async () => {
    for (const model of dmmf.datamodel.models) {
      const table = tableOf(model);
      const { rows } = await client.query(
        `SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      );
      expect(rows.length, `table ${table} exists`).toBeGreaterThan(0);
      const columns = new Map(rows.map((r) => [r.column_name as string, r]));
      const expected = new Set<string>();
      for (const f of model.fields.filter((f) => f.kind !== 'object')) {
        const col = columnOf(f);
        expected.add(col);
        const row = columns.get(col);
        expect(row, `${table}.${col} exists`).toBeDefined();
        if (f.isList) {
          expect(row.data_type, `${table}.${col} is an array`).toBe('ARRAY');
          expect(row.udt_name, `${table}.${col} element type`).toBe(f.kind === 'enum' ? `_${f.type}` : `_${SCALAR_TYPES[f.type] === 'text' ? 'text' : f.type.toLowerCase()}`);
        } else if (f.kind === 'enum') {
          expect(row.udt_name, `${table}.${col} enum`).toBe(f.type);
        } else {
          expect(row.data_type, `${table}.${col} type`).toBe(SCALAR_TYPES[f.type]);
        }
        if (!f.isList) {
          expect(row.is_nullable, `${table}.${col} nullability`).toBe(f.isRequired ? 'NO' : 'YES');
        }
      }
      for (const col of unsupportedColumns(model.name)) expected.add(col);
      expect([...columns.keys()].sort(), `${table} has no extra columns`).toEqual([...expected].sort());
    }
  });

  it('creates every primary key, unique and normal index', async () => {
    const { rows } = await client.query(
      `SELECT i.indrelid::regclass::text AS table, i.indisunique AS unique, i.indisprimary AS primary,
              am.amname AS method,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am am ON am.oid = c.relam
         CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        GROUP BY i.indexrelid, i.indrelid, i.indisunique, i.indisprimary, am.amname`,
    );
    const have = rows.map((r) => `${r.table.replace(/"/g, '')}|${r.primary ? 'id' : r.unique ? 'unique' : 'normal'}|${r.columns.join(',')}`);
    for (const idx of dmmf.datamodel.indexes) {
      const model = dmmf.datamodel.models.find((m) => m.name === idx.model)!;
      const cols = idx.fields.map((f) => {
        const field = model.fields.find((mf) => mf.name === f.name);
        if (field) return columnOf(field);
        return unsupportedColumns(model.name).find((c) => c.replace(/_(\w)/g, (_, x: string) => x.toUpperCase()) === f.name) ?? f.name;
      });
      const key = `${tableOf(model)}|${idx.type}|${cols.join(',')}`;
      expect(have, `index ${key}`).toContain(key);
    }
  });

  it('creates every foreign key of a relation', async () => {
    const { rows } = await client.query(
      `SELECT conrelid::regclass::text AS table, array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_constraint c
         CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.contype = 'f'
        GROUP BY c.oid, c.conrelid`,
    );
    const have = rows.map((r) => `${r.table.replace(/"/g, '')}|${r.columns.join(',')}`);
    let relations = 0;
    for (const model of dmmf.datamodel.models) {
      for (const f of model.fields.filter((f) => f.kind === 'object' && f.relationFromFields?.length)) {
        const cols = f.relationFromFields!.map((name) => columnOf(model.fields.find((mf) => mf.name === name)!));
        expect(have, `${model.name}.${f.name}`).toContain(`${tableOf(model)}|${cols.join(',')}`);
        relations++;
      }
    }
    expect(have.length).toBe(relations);
  });

  it('refuses updates and deletes on the audit trail', async () => {
    await client.query(
      `INSERT INTO audit_events (actor_type, actor_label, action, object_type, prev_hash, hash) VALUES ('system', 'test', 'test.create', 'test', '', 'h1')`,
    );
    await expect(client.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });
});
