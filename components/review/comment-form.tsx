'use client';

import { addCommentAction } from '@/lib/actions/add-comment';
import { useFormAction } from '@/components/ui/use-form-action';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormStatus, fieldError } from '@/components/accounts/form-status';

/** A new comment, or a reply when parentId is given. */
export function CommentForm({ submissionId, parentId, returnPath }: { submissionId: string; parentId?: string; returnPath: string }) {
  const [state, onSubmit, pending] = useFormAction(addCommentAction, null, { resetOnSuccess: true });
  const id = `comment-body-${parentId ?? 'new'}`;
  return (
    <form onSubmit={onSubmit} className="space-y-2" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <input type="hidden" name="returnPath" value={returnPath} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <Field id={id} label={parentId ? 'Reply' : 'Comment'} error={fieldError(state, 'body')}>
        <Textarea name="body" rows={parentId ? 2 : 3} required maxLength={8000} />
      </Field>
      <SubmitButton size="sm" pending={pending} pendingLabel="Posting…">
        {parentId ? 'Post reply' : 'Post comment'}
      </SubmitButton>
    </form>
  );
}
