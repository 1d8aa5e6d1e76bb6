import type { Actor } from '@/lib/auth/actor';
import { getCommentThreads, type CommentNode } from '@/lib/server/comments/comments';
import { Badge } from '@/components/ui/badge';
import { CommentForm } from './comment-form';

function Thread({ node, submissionId, returnPath, canComment, depth }: { node: CommentNode; submissionId: string; returnPath: string; canComment: boolean; depth: number }) {
  return (
    <li className="space-y-2">
      <article className="rounded-md border border-slate-200 p-3 dark:border-slate-800" aria-label={`Comment by ${node.author.name}`}>
        <header className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
          <span className="font-medium text-slate-900 dark:text-slate-100">{node.author.name}</span>
          <Badge tone={node.author.side === 'reviewer' ? 'brand' : 'neutral'}>{node.author.side}</Badge>
          <time dateTime={new Date(node.createdAt).toISOString()}>{new Date(node.createdAt).toISOString().replace('T', ' ').slice(0, 16)} UTC</time>
        </header>
        <p className="mt-1 whitespace-pre-wrap text-sm">{node.body}</p>
        {canComment ? (
          <details className="mt-2">
            <summary className="cursor-pointer text-xs text-brand-700 dark:text-brand-100">Reply</summary>
            <div className="mt-2">
              <CommentForm submissionId={submissionId} parentId={node.id} returnPath={returnPath} />
            </div>
          </details>
        ) : null}
      </article>
      {node.replies.length ? (
        <ul className={`space-y-2 ${depth < 4 ? 'ml-4 border-l border-slate-200 pl-4 dark:border-slate-800' : ''}`}>
          {node.replies.map((r) => (
            <Thread key={r.id} node={r} submissionId={submissionId} returnPath={returnPath} canComment={canComment} depth={depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/**
 * The comment threads of a submission between the vendor and the reviewers, with reply forms.
 * Mounted on the review page and on the vendor's submission page.
 */
export async function SubmissionComments({ actor, submissionId, returnPath }: { actor: Actor; submissionId: string; returnPath: string }) {
  const { threads, canComment } = await getCommentThreads({ actor, submissionId });
  return (
    <section aria-labelledby="comments-heading" className="space-y-4">
      <h2 id="comments-heading" className="text-lg font-semibold tracking-tight">
        Comments
      </h2>
      {threads.length ? (
        <ul className="space-y-3">
          {threads.map((t) => (
            <Thread key={t.id} node={t} submissionId={submissionId} returnPath={returnPath} canComment={canComment} depth={0} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">No comments yet.</p>
      )}
      {canComment ? <CommentForm submissionId={submissionId} returnPath={returnPath} /> : null}
    </section>
  );
}
