import { db } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { assertAuthorized, authorize, isMember } from '../../auth/authorize';
import { recordAudit } from '../../audit/record';
import { ZCommentSchema } from '../../schemas/review';
import { readableSubmissionsWhere } from '../submissions/submission-scope';
import { notifyUsers, reviewerAudience, vendorAudience } from '../notifications/notify';

// Threaded comments between the vendor and the reviewers on one submission. Whoever may read the
// submission reads its comments; outsiders get 404 like for the submission itself.

async function readable(actor: Actor, submissionId: string) {
  const s = await db().submission.findFirst({
    where: { AND: [{ id: String(submissionId).slice(0, 64) }, readableSubmissionsWhere(actor)] },
    select: { id: true, organizationId: true, reference: true, product: { select: { name: true } }, organization: { select: { slug: true } } },
  });
  if (!s) throw new AppError('NOT_FOUND', 'No such submission.');
  return s;
}

export interface CommentNode {
  id: string;
  body: string;
  createdAt: Date;
  author: { id: string; name: string; side: 'vendor' | 'reviewer' };
  replies: CommentNode[];
}

/** The submission's comments as threads: top-level comments oldest first, each with its replies. */
export async function listComments({ actor, submissionId }: { actor: Actor; submissionId: string }): Promise<CommentNode[]> {
  const s = await readable(actor, submissionId);
  const [rows, members] = await Promise.all([
    db().comment.findMany({
      where: { submissionId: s.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      include: { author: { select: { id: true, name: true, email: true } } },
    }),
    db().membership.findMany({ where: { organizationId: s.organizationId }, select: { userId: true } }),
  ]);
  const vendorIds = new Set(members.map((m) => m.userId));
  const nodes = new Map<string, CommentNode>();
  for (const c of rows) {
    nodes.set(c.id, {
      id: c.id,
      body: c.body,
      createdAt: c.createdAt,
      author: { id: c.author.id, name: c.author.name || c.author.email, side: vendorIds.has(c.author.id) ? 'vendor' : 'reviewer' },
      replies: [],
    });
  }
  const roots: CommentNode[] = [];
  for (const c of rows) {
    const node = nodes.get(c.id)!;
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The threads plus whether the actor may write (for the comments component). */
export async function getCommentThreads({ actor, submissionId }: { actor: Actor; submissionId: string }) {
  const s = await readable(actor, submissionId);
  return { threads: await listComments({ actor, submissionId: s.id }), canComment: authorize(actor, 'comments.write', { organizationId: s.organizationId }) };
}

export interface AddCommentOptions {
  actor: Actor;
  sourceIp: string | null;
  submissionId: string;
  input: unknown;
}

/** Adds a comment or a reply; the other side (and the author replied to) is notified in-app. */
export async function addComment({ actor, sourceIp, submissionId, input }: AddCommentOptions) {
  const s = await readable(actor, submissionId);
  assertAuthorized(actor, 'comments.write', { organizationId: s.organizationId });
  const authorId = actor.kind === 'user' ? actor.userId : actor.kind === 'token' ? actor.createdById : null;
  if (!authorId) throw new AppError('FORBIDDEN', 'Comments are written by people.');
  const parsed = ZCommentSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError(parsed.error);
  const { body, parentId } = parsed.data;
  let parentAuthorId: string | null = null;
  if (parentId) {
    const parent = await db().comment.findFirst({ where: { id: parentId, submissionId: s.id }, select: { authorId: true } });
    if (!parent) throw new AppError('VALIDATION_FAILED', 'The comment you reply to is not on this submission.', { details: { issues: [{ field: 'parentId', message: 'No such comment here' }] } });
    parentAuthorId = parent.authorId;
  }
  const fromVendor = actor.kind === 'token' || isMember(actor, s.organizationId);
  return db().$transaction(async (tx) => {
    const comment = await tx.comment.create({ data: { submissionId: s.id, authorId, parentId: parentId ?? null, body } });
    await recordAudit(tx, {
      actor,
      action: 'comment.create',
      objectType: 'comment',
      objectId: comment.id,
      organizationId: s.organizationId,
      sourceIp,
      after: { submissionId: s.id, parentId: parentId ?? null, length: body.length },
    });
    const audience = fromVendor ? await reviewerAudience(tx, s.id) : await vendorAudience(tx, s.id);
    const excerpt = body.length > 140 ? `${body.slice(0, 139)}…` : body;
    await notifyUsers(
      tx,
      [...audience, ...(parentAuthorId ? [parentAuthorId] : [])],
      {
        kind: 'comment',
        title: `${s.product.name}: new comment from ${fromVendor ? 'the vendor' : 'the reviewer'}`,
        body: excerpt,
        link: fromVendor ? `/review/${s.id}` : `/vendors/${s.organization.slug}/submissions/${s.id}`,
      },
      actor.kind === 'user' ? actor : undefined,
    );
    return { id: comment.id, submissionId: s.id, parentId: comment.parentId, body: comment.body, createdAt: comment.createdAt };
  });
}
