import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { db } from '../../lib/db/client';
import { makeUser } from '../support/factories';
import { actorOf, errorOf } from '../support/accounts';
import {
  SUBMISSION_STATUSES,
  TRANSITIONS,
  toDbStatus,
  transitionSubmission,
  type SubmissionStatus,
  type TransitionBy,
} from '../../lib/server/submissions/status-machine';
import { useTestDatabase } from '../support/db';
import { makeSubmissionRow, makeVendor } from './support';

let prisma: Db;
let vendor: Awaited<ReturnType<typeof makeVendor>>;
let reviewer: Actor;
const system: Actor = { kind: 'system', label: 'test' };

beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  vendor = await makeVendor(prisma);
  reviewer = await actorOf(prisma, (await makeUser(prisma, { platformRole: 'reviewer' })).id);
});

const actorFor = (by: TransitionBy): Actor => (by === 'system' ? system : by === 'vendor' ? vendor.ownerActor : reviewer);

async function move(from: SubmissionStatus, to: SubmissionStatus, actor: Actor, reason: string | null = 'because') {
  const row = await makeSubmissionRow(prisma, vendor, toDbStatus(from));
  const result = db().$transaction((tx) => transitionSubmission(tx, { submissionId: row.id, to, actor, reason }));
  return { row, result };
}

const legal = Object.entries(TRANSITIONS).flatMap(([from, list]) => list.map((t) => ({ from: from as SubmissionStatus, to: t.to, by: t.by })));

describe('the submission status machine', () => {
  it('has the statuses and moves the issue names', () => {
    expect(legal.map((t) => `${t.from}→${t.to}`)).toEqual(
      expect.arrayContaining([
        'queued→certifying',
        'certifying→checks-failed',
        'certifying→awaiting-review',
        'certifying→error',
        'checks-failed→awaiting-review',
        'awaiting-review→changes-requested',
        'awaiting-review→approved',
        'awaiting-review→rejected',
        'approved→published',
        'published→revoked',
        'published→expired',
        'queued→cancelled',
        'certifying→cancelled',
        'awaiting-review→withdrawn',
        'checks-failed→withdrawn',
      ]),
    );
  });

  describe.each(legal)('when $from → $to', ({ from, to, by }) => {
    it(`is allowed for ${by.join('/')} and writes the event and the audit entry`, async () => {
      const actor = actorFor(by[0]!);
      const before = await prisma.auditEvent.count();
      const { row, result } = await move(from, to, actor, 'the reason');
      await expect(result).resolves.toMatchObject({ from, to });
      const after = await prisma.submission.findUniqueOrThrow({ where: { id: row.id } });
      expect(after.status).toBe(toDbStatus(to));
      const events = await prisma.submissionEvent.findMany({ where: { submissionId: row.id } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ fromStatus: toDbStatus(from), toStatus: toDbStatus(to), reason: 'the reason' });
      const audits = await prisma.auditEvent.findMany({ where: { objectId: row.id } });
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ action: `submission.${to}`, objectType: 'submission', organizationId: vendor.organization.id, actorLabel: expect.any(String) });
      expect(audits[0]!.before).toEqual({ status: from });
      expect(await prisma.auditEvent.count()).toBe(before + 1);
    });
  });

  it('refuses every move the table does not list, with CONFLICT, and writes nothing', async () => {
    let refused = 0;
    for (const from of SUBMISSION_STATUSES) {
      for (const to of SUBMISSION_STATUSES) {
        if (TRANSITIONS[from].some((t) => t.to === to)) continue;
        const { row, result } = await move(from, to, system);
        const error = await errorOf(result);
        expect(error.code, `${from}→${to}`).toBe('CONFLICT');
        expect(error.message).toContain(`cannot become ${to}`);
        expect(await prisma.submissionEvent.count({ where: { submissionId: row.id } })).toBe(0);
        expect((await prisma.submission.findUniqueOrThrow({ where: { id: row.id } })).status).toBe(toDbStatus(from));
        refused++;
      }
    }
    expect(refused).toBe(SUBMISSION_STATUSES.length ** 2 - legal.length);
  });

  it('lets only the right party make a move', async () => {
    expect((await errorOf((await move('awaiting-review', 'approved', vendor.ownerActor)).result)).code).toBe('FORBIDDEN');
    expect((await errorOf((await move('queued', 'certifying', vendor.ownerActor)).result)).code).toBe('FORBIDDEN');
    expect((await errorOf((await move('queued', 'cancelled', reviewer)).result)).code).toBe('FORBIDDEN');
  });

  it('demands a reason where the issue does (justification, decisions)', async () => {
    const error = await errorOf((await move('checks-failed', 'awaiting-review', vendor.ownerActor, '  ')).result);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.issues[0].field).toBe('reason');
  });

  it('refuses a write from a stale attempt (the fence)', async () => {
    const row = await makeSubmissionRow(prisma, vendor, 'certifying');
    await prisma.submission.update({ where: { id: row.id }, data: { attempt: 2 } });
    const stale = db().$transaction((tx) => transitionSubmission(tx, { submissionId: row.id, to: 'awaiting-review', actor: system, attempt: 1 }));
    expect(await errorOf(stale)).toMatchObject({ code: 'CONFLICT', details: { reason: 'stale-attempt' } });
    await db().$transaction((tx) => transitionSubmission(tx, { submissionId: row.id, to: 'awaiting-review', actor: system, attempt: 2 }));
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('awaiting_review');
  });
});
