import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { platformKeyring } from '../../lib/platform-keys';
import { listReviewQueue } from '../../lib/server/reviews/list-review-queue';
import { decideSubmission, retryPublish } from '../../lib/server/reviews/decide-submission';
import { getReview } from '../../lib/server/reviews/get-review';
import { addComment, listComments } from '../../lib/server/comments/comments';
import { grantWaiver } from '../../lib/server/waivers/grant-waiver';
import { revokeWaiver } from '../../lib/server/waivers/revoke-waiver';
import { recomputeVerdict } from '../../lib/server/waivers/recompute-verdict';
import { listNotifications, markNotificationsRead, countUnreadNotifications } from '../../lib/server/notifications/list-notifications';
import { db } from '../../lib/db/client';
import * as reviewsRoute from '../../app/api/v1/reviews/route';
import * as commentsRoute from '../../app/api/v1/submissions/[id]/comments/route';
import * as decisionRoute from '../../app/api/v1/submissions/[id]/decision/route';
import * as waiversRoute from '../../app/api/v1/submissions/[id]/waivers/route';
import * as waiverRoute from '../../app/api/v1/submissions/[id]/waivers/[waiverId]/route';
import * as notificationsRoute from '../../app/api/v1/notifications/route';
import * as readRoute from '../../app/api/v1/notifications/read/route';
import { makeMembership, makeUser } from '../support/factories';
import { actorOf, auditSince, call, errorOf, lastAuditId, sessionHeaders } from '../support/accounts';
import { useTestDatabase } from '../support/db';
import { makeVendor } from '../pipeline/support';
import { scannedSubmission } from './support';

let prisma: Db;
let vendor: Awaited<ReturnType<typeof makeVendor>>;
let other: Awaited<ReturnType<typeof makeVendor>>;
let reviewer: Actor & { kind: 'user' };
let reviewer2: Actor & { kind: 'user' };
let outsider: Actor;
let outsiderId: string;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-review-'));
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();
const status = async (id: string) => (await prisma.submission.findUniqueOrThrow({ where: { id } })).status;

beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  process.env.ASSAY_DATA_DIR = dataDir;
  process.env.ASSAY_ENCRYPTION_KEY = 'test-encryption-key-material-0123456789';
  delete process.env.ASSAY_SIGNING_KEY_FILE;
  delete process.env.ASSAY_ATTESTATION_REPOSITORY;
  await platformKeyring();
  vendor = await makeVendor(prisma, 'acme-review');
  other = await makeVendor(prisma, 'globex-review');
  reviewer = (await actorOf(prisma, (await makeUser(prisma, { platformRole: 'reviewer', name: 'Rita Reviewer' })).id)) as Actor & { kind: 'user' };
  reviewer2 = (await actorOf(prisma, (await makeUser(prisma, { platformRole: 'reviewer', name: 'Rob Reviewer' })).id)) as Actor & { kind: 'user' };
  outsiderId = (await makeUser(prisma)).id;
  outsider = await actorOf(prisma, outsiderId);
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('review queue', () => {
  it('lists awaiting-review submissions oldest first, filtered by status, vendor, age and failing check; reviewers only', async () => {
    const young = await scannedSubmission(prisma, vendor, { ageDays: 1 });
    const old = await scannedSubmission(prisma, other, { ageDays: 9 });
    const mid = await scannedSubmission(prisma, vendor, { ageDays: 4 });
    const failed = await scannedSubmission(prisma, other, { ageDays: 2, checks: [{ checkId: 'security.setuid-files', status: 'failed' }] });

    const queue = await listReviewQueue({ actor: reviewer, query: {} });
    const ids = queue.items.map((i) => i.id);
    expect(ids.indexOf(old.id)).toBeLessThan(ids.indexOf(mid.id));
    expect(ids.indexOf(mid.id)).toBeLessThan(ids.indexOf(young.id));
    expect(ids).not.toContain(failed.id);
    expect(queue.items.find((i) => i.id === old.id)).toMatchObject({ status: 'awaiting-review', vendor: { slug: 'globex-review' }, waitingDays: 9 });

    const byVendor = await listReviewQueue({ actor: reviewer, query: { vendor: 'acme-review' } });
    expect(byVendor.items.map((i) => i.id)).toEqual([mid.id, young.id]);
    const byAge = await listReviewQueue({ actor: reviewer, query: { minAgeDays: '3' } });
    expect(byAge.items.map((i) => i.id)).toEqual([old.id, mid.id]);
    const failedQueue = await listReviewQueue({ actor: reviewer, query: { status: 'checks-failed', failingCheck: 'security.setuid-files' } });
    expect(failedQueue.items.map((i) => i.id)).toEqual([failed.id]);
    expect(failedQueue.items[0]!.failingChecks).toEqual(['security.setuid-files']);
    expect((await listReviewQueue({ actor: reviewer, query: { status: 'checks-failed', failingCheck: 'security.non-root-user' } })).total).toBe(0);
    const paged = await listReviewQueue({ actor: reviewer, query: { pageSize: '2', page: '2' } });
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(paged.items.map((i) => i.id)).toEqual([young.id]);

    expect((await errorOf(listReviewQueue({ actor: vendor.ownerActor, query: {} }))).code).toBe('NOT_FOUND');
    expect((await errorOf(listReviewQueue({ actor: { kind: 'anonymous' }, query: {} }))).code).toBe('UNAUTHENTICATED');
    expect((await errorOf(listReviewQueue({ actor: reviewer, query: { status: 'published' } }))).code).toBe('VALIDATION_FAILED');

    const api = await call(reviewsRoute.GET, '/api/v1/reviews?vendor=acme-review', {}, { headers: await sessionHeaders(prisma, reviewer.userId) });
    expect(api.status).toBe(200);
    expect(api.body.items.map((i: { id: string }) => i.id)).toEqual([mid.id, young.id]);
    const denied = await call(reviewsRoute.GET, '/api/v1/reviews', {}, { headers: await sessionHeaders(prisma, vendor.owner.id) });
    expect(denied.status).toBe(404);
    // Clear the queue for the tests below.
    for (const s of [young, old, mid]) await decideSubmission({ actor: reviewer, sourceIp: null, id: s.id, input: { decision: 'reject', reason: 'queue test' } });
  });
});

describe('decisions', () => {
  it('needs a reason, moves through the status machine, records the review, audits and notifies the vendor', async () => {
    const s = await scannedSubmission(prisma, vendor);
    const noReason = await errorOf(decideSubmission({ actor: reviewer, sourceIp: null, id: s.id, input: { decision: 'request-changes', reason: '  ' } }));
    expect(noReason.code).toBe('VALIDATION_FAILED');
    expect(noReason.details.issues[0].field).toBe('reason');
    expect(await status(s.id)).toBe('awaiting_review');

    const before = await lastAuditId(prisma);
    const out = await decideSubmission({ actor: reviewer, sourceIp: '203.0.113.9', id: s.id, input: { decision: 'request-changes', reason: 'Drop the setuid helper' } });
    expect(out).toMatchObject({ status: 'changes-requested', publishError: null });
    expect(await prisma.review.findMany({ where: { submissionId: s.id } })).toMatchObject([{ decision: 'changes_requested', reason: 'Drop the setuid helper', reviewerId: reviewer.userId }]);
    const event = await prisma.submissionEvent.findFirstOrThrow({ where: { submissionId: s.id, toStatus: 'changes_requested' } });
    expect(event).toMatchObject({ fromStatus: 'awaiting_review', reason: 'Drop the setuid helper', actorUserId: reviewer.userId });
    const audit = await auditSince(prisma, before);
    expect(audit.map((a) => a.action)).toEqual(['submission.changes-requested']);
    expect(audit[0]).toMatchObject({ actorUserId: reviewer.userId, sourceIp: '203.0.113.9' });

    const notes = await prisma.notification.findMany({ where: { kind: 'submission.changes-requested', link: { contains: s.id } } });
    expect(notes.map((n) => n.userId)).toEqual([vendor.owner.id]);
    expect(notes[0]!.body).toContain('Drop the setuid helper');

    const again = await errorOf(decideSubmission({ actor: reviewer, sourceIp: null, id: s.id, input: { decision: 'approve', reason: 'ok' } }));
    expect(again.code).toBe('CONFLICT');

    const r = await scannedSubmission(prisma, vendor);
    const api = await call(decisionRoute.POST, `/api/v1/submissions/${r.id}/decision`, { id: r.id }, { method: 'POST', headers: await sessionHeaders(prisma, reviewer.userId), body: { decision: 'reject', reason: 'Not a container we certify' } });
    expect(api.status).toBe(200);
    expect(api.body.status).toBe('rejected');
    const bad = await call(decisionRoute.POST, `/api/v1/submissions/${r.id}/decision`, { id: r.id }, { method: 'POST', headers: await sessionHeaders(prisma, reviewer.userId), body: { decision: 'maybe', reason: 'x' } });
    expect(bad.status).toBe(422);
  });

  it('approval publishes the image: listing, listing version and a signed certification exist', async () => {
    const s = await scannedSubmission(prisma, vendor);
    const out = await decideSubmission({ actor: reviewer, sourceIp: null, id: s.id, input: { decision: 'approve', reason: 'All checks pass' } });
    expect(out).toMatchObject({ status: 'published', publishError: null });
    const version = await prisma.listingVersion.findUniqueOrThrow({ where: { submissionId: s.id }, include: { listing: true, certifications: true } });
    expect(version.digest).toBe(s.digest);
    expect(version.listing.productId).toBe(vendor.product.id);
    expect(version.listing.latestVersionId).toBe(version.id);
    expect(version.certifications).toHaveLength(1);
    expect(version.certifications[0]!.digest).toBe(s.digest);
    const events = await prisma.submissionEvent.findMany({ where: { submissionId: s.id }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.toStatus).slice(-2)).toEqual(['approved', 'published']);
    expect(await prisma.review.count({ where: { submissionId: s.id, decision: 'approved' } })).toBe(1);
  });

  it('an approval whose publishing fails stays approved, says why, and can be published later', async () => {
    const s = await scannedSubmission(prisma, vendor);
    await prisma.submission.update({ where: { id: s.id }, data: { digest: null } });
    const out = await decideSubmission({ actor: reviewer, sourceIp: null, id: s.id, input: { decision: 'approve', reason: 'Looks right' } });
    expect(out.status).toBe('approved');
    expect(out.publishError).toMatch(/no resolved sha256 image digest/);
    expect(await prisma.listingVersion.count({ where: { submissionId: s.id } })).toBe(0);
    await prisma.submission.update({ where: { id: s.id }, data: { digest: s.digest } });
    expect((await errorOf(retryPublish({ actor: vendor.ownerActor, sourceIp: null, id: s.id }))).code).toBe('FORBIDDEN');
    expect(await retryPublish({ actor: reviewer, sourceIp: null, id: s.id })).toEqual({ id: s.id, status: 'published' });
    expect(await prisma.listingVersion.count({ where: { submissionId: s.id } })).toBe(1);
  });

  it('a reviewer (or admin) cannot decide or waive on their own organization’s submission', async () => {
    const insider = await makeUser(prisma, { platformRole: 'reviewer' });
    await makeMembership(prisma, insider.id, vendor.organization.id, 'member');
    const admin = await makeUser(prisma, { platformRole: 'admin' });
    await makeMembership(prisma, admin.id, vendor.organization.id, 'owner');
    const s = await scannedSubmission(prisma, vendor, { checks: [{ checkId: 'security.setuid-files', status: 'failed' }], askReview: vendor.ownerActor });
    for (const userId of [insider.id, admin.id]) {
      const actor = await actorOf(prisma, userId);
      const decide = await errorOf(decideSubmission({ actor, sourceIp: null, id: s.id, input: { decision: 'reject', reason: 'mine' } }));
      expect(decide).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'own-organization' } });
      expect(decide.message).toMatch(/own organization/);
      const waive = await errorOf(grantWaiver({ actor, sourceIp: null, submissionId: s.id, input: { kind: 'check', target: 'security.setuid-files', reason: 'mitigated', justification: 'removed at runtime', expiresAt: inDays(30) } }));
      expect(waive).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'own-organization' } });
    }
    expect(await status(s.id)).toBe('awaiting_review');
    expect(await prisma.waiver.count({ where: { productId: vendor.product.id, target: 'security.setuid-files' } })).toBe(0);
    const view = await getReview({ actor: await actorOf(prisma, insider.id), id: s.id });
    expect(view).toMatchObject({ ownOrganization: true, canDecide: false, canWaive: false });
    // A plain vendor member cannot decide at all, and an outsider cannot even see it.
    expect((await errorOf(decideSubmission({ actor: vendor.ownerActor, sourceIp: null, id: s.id, input: { decision: 'approve', reason: 'x' } }))).code).toBe('FORBIDDEN');
    expect((await errorOf(getReview({ actor: outsider, id: s.id }))).code).toBe('NOT_FOUND');
    await decideSubmission({ actor: reviewer, sourceIp: null, id: s.id, input: { decision: 'reject', reason: 'cleanup' } });
  });
});

describe('comments', () => {
  it('threads between vendor and reviewer, visible to both sides, 404 to outsiders, notifying the other side', async () => {
    const s = await scannedSubmission(prisma, other);
    const question = await addComment({ actor: other.ownerActor, sourceIp: null, submissionId: s.id, input: { body: 'Is the setuid helper a blocker?' } });
    // Nobody reviewed it yet: every reviewer hears of the vendor's comment.
    const toReviewers = await prisma.notification.findMany({ where: { kind: 'comment', link: `/review/${s.id}` } });
    const reviewerIds = (await prisma.user.findMany({ where: { platformRole: { in: ['reviewer', 'admin'] } }, select: { id: true } })).map((u) => u.id);
    expect(new Set(toReviewers.map((n) => n.userId))).toEqual(new Set(reviewerIds));
    expect(toReviewers.map((n) => n.userId)).toContain(reviewer2.userId);
    expect(toReviewers.map((n) => n.userId)).not.toContain(other.owner.id);

    const reply = await addComment({ actor: reviewer, sourceIp: null, submissionId: s.id, input: { body: 'Yes unless mitigated.', parentId: question.id } });
    const toVendor = await prisma.notification.findMany({ where: { kind: 'comment', link: `/vendors/globex-review/submissions/${s.id}` } });
    expect(toVendor.map((n) => n.userId)).toEqual([other.owner.id]);
    await addComment({ actor: other.ownerActor, sourceIp: null, submissionId: s.id, input: { body: 'It is dropped at runtime.', parentId: reply.id } });
    // Now that Rita took part, only she hears of the vendor's next comment.
    const latest = await prisma.notification.findMany({ where: { kind: 'comment', link: `/review/${s.id}`, body: { contains: 'dropped' } } });
    expect(latest.map((n) => n.userId)).toEqual([reviewer.userId]);

    for (const actor of [reviewer, other.ownerActor]) {
      const threads = await listComments({ actor, submissionId: s.id });
      expect(threads).toHaveLength(1);
      expect(threads[0]).toMatchObject({ body: 'Is the setuid helper a blocker?', author: { side: 'vendor' } });
      expect(threads[0]!.replies[0]).toMatchObject({ body: 'Yes unless mitigated.', author: { side: 'reviewer', name: 'Rita Reviewer' } });
      expect(threads[0]!.replies[0]!.replies[0]!.body).toBe('It is dropped at runtime.');
    }
    expect((await errorOf(listComments({ actor: outsider, submissionId: s.id }))).code).toBe('NOT_FOUND');
    expect((await errorOf(addComment({ actor: vendor.ownerActor, sourceIp: null, submissionId: s.id, input: { body: 'hi' } }))).code).toBe('NOT_FOUND');
    expect((await errorOf(addComment({ actor: reviewer, sourceIp: null, submissionId: s.id, input: { body: '' } }))).code).toBe('VALIDATION_FAILED');
    const foreign = await scannedSubmission(prisma, vendor);
    expect((await errorOf(addComment({ actor: reviewer, sourceIp: null, submissionId: foreign.id, input: { body: 'x', parentId: question.id } }))).code).toBe('VALIDATION_FAILED');

    const api = await call(commentsRoute.GET, `/api/v1/submissions/${s.id}/comments`, { id: s.id }, { headers: await sessionHeaders(prisma, outsiderId) });
    expect(api.status).toBe(404);
    const posted = await call(commentsRoute.POST, `/api/v1/submissions/${s.id}/comments`, { id: s.id }, { method: 'POST', headers: await sessionHeaders(prisma, other.owner.id), body: { body: 'Via the API' } });
    expect(posted.status).toBe(201);
    const listed = await call(commentsRoute.GET, `/api/v1/submissions/${s.id}/comments`, { id: s.id }, { headers: await sessionHeaders(prisma, reviewer.userId) });
    expect(listed.body.items.map((c: { body: string }) => c.body)).toEqual(['Is the setuid helper a blocker?', 'Via the API']);
    expect(await prisma.auditEvent.count({ where: { action: 'comment.create', objectType: 'comment' } })).toBeGreaterThanOrEqual(4);
  });
});

describe('waivers', () => {
  it('a check waiver makes a checks-failed submission certifiable so it can be approved; revoking undoes it', async () => {
    const vendor3 = await makeVendor(prisma, 'initech-review');
    const s = await scannedSubmission(prisma, vendor3, {
      checks: [
        { checkId: 'security.non-root-user', status: 'passed' },
        { checkId: 'security.setuid-files', status: 'failed' },
        { checkId: 'labels.recommended', status: 'warning', required: false },
      ],
      askReview: vendor3.ownerActor,
    });
    const blocked = await errorOf(decideSubmission({ actor: reviewer, sourceIp: null, id: s.id, input: { decision: 'approve', reason: 'fine' } }));
    expect(blocked).toMatchObject({ code: 'CONFLICT', details: { blocking: ['security.setuid-files'] } });

    const bad = await errorOf(grantWaiver({ actor: reviewer, sourceIp: null, submissionId: s.id, input: { kind: 'check', target: 'security.non-root-user', reason: 'mitigated', justification: 'it passed anyway', expiresAt: inDays(30) } }));
    expect(bad.details.issues[0].field).toBe('target');
    const past = await errorOf(grantWaiver({ actor: reviewer, sourceIp: null, submissionId: s.id, input: { kind: 'check', target: 'security.setuid-files', reason: 'mitigated', justification: 'removed at runtime', expiresAt: '2020-01-01' } }));
    expect(past.details.issues[0].field).toBe('expiresAt');

    const before = await lastAuditId(prisma);
    const granted = await grantWaiver({ actor: reviewer, sourceIp: null, submissionId: s.id, input: { kind: 'check', target: 'security.setuid-files', reason: 'mitigated', justification: 'The helper is removed by the entrypoint', expiresAt: inDays(30).slice(0, 10) } });
    expect(granted.verdict).toEqual({ verdict: 'certifiable', blocking: [] });
    expect(granted.waiver).toMatchObject({ kind: 'check', reason: 'mitigated', state: 'active' });
    expect(granted.waiver.expiresAt.toISOString()).toMatch(/T23:59:59\.999Z$/);
    expect((await auditSince(prisma, before)).map((a) => a.action)).toEqual(['waiver.grant']);
    const row = await prisma.checkResult.findUniqueOrThrow({ where: { submissionId_checkId: { submissionId: s.id, checkId: 'security.setuid-files' } } });
    expect(row.waiverId).toBe(granted.waiver.id);
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: s.id } })).verdict).toBe('certifiable');
    expect(await prisma.notification.count({ where: { userId: vendor3.owner.id, kind: 'waiver.granted' } })).toBe(1);

    const view = await getReview({ actor: reviewer, id: s.id });
    expect(view.checks.find((c) => c.id === 'security.setuid-files')!.waiver).toMatchObject({ reason: 'mitigated' });

    await revokeWaiver({ actor: reviewer, sourceIp: null, waiverId: granted.waiver.id, input: { reason: 'helper is back' } });
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: s.id } })).verdict).toBe('not_certifiable');
    expect((await prisma.checkResult.findUniqueOrThrow({ where: { id: row.id } })).waiverId).toBeNull();
    expect((await errorOf(revokeWaiver({ actor: reviewer, sourceIp: null, waiverId: granted.waiver.id }))).code).toBe('CONFLICT');

    const api = await call(waiversRoute.POST, `/api/v1/submissions/${s.id}/waivers`, { id: s.id }, { method: 'POST', headers: await sessionHeaders(prisma, reviewer.userId), body: { kind: 'check', target: 'security.setuid-files', reason: 'accepted-risk', justification: 'Accepted for this release only', expiresAt: inDays(10) } });
    expect(api.status).toBe(201);
    const listed = await call(waiversRoute.GET, `/api/v1/submissions/${s.id}/waivers`, { id: s.id }, { headers: await sessionHeaders(prisma, vendor3.owner.id) });
    expect(listed.body.items.map((w: { state: string }) => w.state)).toEqual(['active', 'revoked']);
    const out = await decideSubmission({ actor: reviewer, sourceIp: null, id: s.id, input: { decision: 'approve', reason: 'Waived: accepted risk' } });
    expect(out.status).toBe('published');
  });

  it('an expired waiver stops applying', async () => {
    const s = await scannedSubmission(prisma, other, { checks: [{ checkId: 'security.no-world-writable', status: 'failed' }], askReview: other.ownerActor });
    await grantWaiver({ actor: reviewer, sourceIp: null, submissionId: s.id, input: { kind: 'check', target: 'security.no-world-writable', reason: 'false-positive', justification: 'tmp dir with sticky bit', expiresAt: inDays(2) } });
    expect(await db().$transaction((tx) => recomputeVerdict(tx, s.id))).toEqual({ verdict: 'certifiable', blocking: [] });
    const later = new Date(Date.now() + 3 * DAY);
    const blocked = await errorOf(decideSubmission({ actor: reviewer, sourceIp: null, id: s.id, input: { decision: 'approve', reason: 'ok' }, now: later }));
    expect(blocked).toMatchObject({ code: 'CONFLICT', details: { blocking: ['security.no-world-writable'] } });
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('awaiting_review');
    expect(await db().$transaction((tx) => recomputeVerdict(tx, s.id, later))).toEqual({ verdict: 'not-certifiable', blocking: ['security.no-world-writable'] });
    expect((await prisma.checkResult.findFirstOrThrow({ where: { submissionId: s.id } })).waiverId).toBeNull();
  });

  it('finding waivers clear the vulnerability gate; a policy exception waives a check for the product', async () => {
    const vendor4 = await makeVendor(prisma, 'hooli-review');
    const s = await scannedSubmission(prisma, vendor4, {
      checks: [
        { checkId: 'vulnerabilities.policy', status: 'failed', evidence: [{ package: 'openssl', detail: 'CVE-2026-1 high: installed 1.0, fixed in 1.1' }] },
        { checkId: 'security.non-root-user', status: 'failed' },
      ],
      findings: [
        { key: 'CVE-2026-1:openssl', advisoryId: 'CVE-2026-1', packageName: 'openssl', severity: 'high' },
        { key: 'CVE-2026-2:bash', advisoryId: 'CVE-2026-2', packageName: 'bash', severity: 'low', fixedVersion: null },
      ],
      askReview: vendor4.ownerActor,
    });
    const one = await grantWaiver({ actor: reviewer, sourceIp: null, submissionId: s.id, input: { kind: 'finding', target: 'CVE-2026-1:openssl', reason: 'not-affected', justification: 'The vulnerable code path is not built', expiresAt: inDays(30) } });
    expect(one.verdict).toEqual({ verdict: 'not-certifiable', blocking: ['security.non-root-user'] });
    expect((await prisma.finding.findFirstOrThrow({ where: { submissionId: s.id, key: 'CVE-2026-1:openssl' } })).waiverId).toBe(one.waiver.id);
    const two = await grantWaiver({ actor: reviewer, sourceIp: null, submissionId: s.id, input: { kind: 'policy-exception', target: 'security.non-root-user', reason: 'accepted-risk', justification: 'A node agent must run as root', expiresAt: inDays(90) } });
    expect(two.waiver.kind).toBe('policy-exception');
    expect(two.verdict).toEqual({ verdict: 'certifiable', blocking: [] });
    // Waivers belong to the product: the next submission of it is certifiable from the start.
    const next = await scannedSubmission(prisma, vendor4, { checks: [{ checkId: 'security.non-root-user', status: 'failed' }], askReview: vendor4.ownerActor });
    expect(await db().$transaction((tx) => recomputeVerdict(tx, next.id))).toEqual({ verdict: 'certifiable', blocking: [] });
    // Revoking the exception over the API makes both submissions count the check again.
    const vendorTry = await call(waiverRoute.DELETE, `/api/v1/submissions/${s.id}/waivers/${two.waiver.id}`, { id: s.id, waiverId: two.waiver.id }, { method: 'DELETE', headers: await sessionHeaders(prisma, vendor4.owner.id) });
    expect(vendorTry.status).toBe(403);
    const revoked = await call(waiverRoute.DELETE, `/api/v1/submissions/${s.id}/waivers/${two.waiver.id}`, { id: s.id, waiverId: two.waiver.id }, { method: 'DELETE', headers: await sessionHeaders(prisma, reviewer.userId), body: { reason: 'agent now runs rootless' } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.state).toBe('revoked');
    for (const id of [s.id, next.id]) expect((await prisma.submission.findUniqueOrThrow({ where: { id } })).verdict).toBe('not_certifiable');
    expect((await errorOf(grantWaiver({ actor: reviewer, sourceIp: null, submissionId: s.id, input: { kind: 'finding', target: 'CVE-0000-0:none', reason: 'mitigated', justification: 'no such finding here', expiresAt: inDays(3) } }))).details.issues[0].field).toBe('target');
  });
});

describe('diff against the previous published version', () => {
  it('lists packages added, removed and updated, and checks whose status changed', async () => {
    const vendor5 = await makeVendor(prisma, 'umbrella-review');
    const first = await scannedSubmission(prisma, vendor5, { packages: [{ name: 'bash', version: '5.1' }, { name: 'openssl', version: '3.0.1' }, { name: 'zlib', version: '1.2' }] });
    expect((await getReview({ actor: reviewer, id: first.id })).diff.previous).toBeNull();
    await decideSubmission({ actor: reviewer, sourceIp: null, id: first.id, input: { decision: 'approve', reason: 'first' } });
    const second = await scannedSubmission(prisma, vendor5, {
      checks: [{ checkId: 'security.non-root-user', status: 'passed' }, { checkId: 'labels.recommended', status: 'warning', required: false }],
      packages: [{ name: 'bash', version: '5.1' }, { name: 'openssl', version: '3.0.7' }, { name: 'curl', version: '8.0' }],
    });
    const view = await getReview({ actor: reviewer, id: second.id });
    expect(view.diff.previous).toMatchObject({ submissionId: first.id, digest: first.digest });
    expect(view.diff.packages).toEqual({
      added: [{ name: 'curl', version: '8.0' }],
      removed: [{ name: 'zlib', version: '1.2' }],
      updated: [{ name: 'openssl', from: '3.0.1', to: '3.0.7' }],
    });
    expect(view.diff.checks).toEqual([{ checkId: 'labels.recommended', title: 'Check labels.recommended', from: null, to: 'warning' }]);
    expect(view.packages).toHaveLength(3);
  });
});

describe('notifications', () => {
  it('lists the user’s own notifications, counts unread, marks some or all read (API too)', async () => {
    const userId = vendor.owner.id;
    const all = await listNotifications({ actor: vendor.ownerActor, page: { page: 1, pageSize: 100 } });
    expect(all.total).toBeGreaterThan(2);
    expect(all.unread).toBe(await countUnreadNotifications(vendor.ownerActor));
    // Status changes reached the vendor; the worker's own "certifying" step did not.
    expect(all.items.some((n) => n.kind === 'submission.published')).toBe(true);
    expect(all.items.some((n) => n.kind === 'submission.certifying')).toBe(false);
    expect(await prisma.notification.count({ where: { userId: reviewer.userId, kind: { startsWith: 'submission.' } } })).toBe(0);

    const first = all.items[0]!;
    const foreign = await prisma.notification.findFirstOrThrow({ where: { userId: reviewer.userId } });
    expect(await markNotificationsRead({ actor: vendor.ownerActor, ids: [first.id, foreign.id] })).toEqual({ updated: 1 });
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: foreign.id } })).readAt).toBeNull();
    expect(await countUnreadNotifications(vendor.ownerActor)).toBe(all.unread - 1);

    const headers = await sessionHeaders(prisma, userId);
    const unread = await call(notificationsRoute.GET, '/api/v1/notifications?unread=1', {}, { headers });
    expect(unread.status).toBe(200);
    expect(unread.body.items.every((n: { readAt: string | null }) => n.readAt === null)).toBe(true);
    expect(unread.body.items.some((n: { id: string }) => n.id === first.id)).toBe(false);
    const marked = await call(readRoute.POST, '/api/v1/notifications/read', {}, { method: 'POST', headers, body: {} });
    expect(marked.body.updated).toBe(all.unread - 1);
    expect(await countUnreadNotifications(vendor.ownerActor)).toBe(0);
    expect((await call(notificationsRoute.GET, '/api/v1/notifications', {}, {})).status).toBe(401);
  });
});
