'use client';

import { useActionState } from 'react';
import { createProductAction } from '@/lib/actions/create-product';
import { updateProductAction } from '@/lib/actions/update-product';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormStatus, fieldError } from '@/components/accounts/form-status';

export interface ProductFormValues {
  slug: string;
  name: string;
  description: string;
  categories: string[];
  repository: string;
  supportUrl: string | null;
  documentationUrl: string | null;
}

// One form for creating and editing; the slug is chosen once (it is the product's address).
export function ProductForm({ vendor, product }: { vendor: string; product?: ProductFormValues }) {
  const [state, action] = useActionState(product ? updateProductAction : createProductAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="vendor" value={vendor} />
      {product ? <input type="hidden" name="product" value={product.slug} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="product-name" label="Name" error={fieldError(state, 'name')}>
          <Input name="name" required maxLength={100} defaultValue={product?.name} />
        </Field>
        {product ? null : (
          <Field id="product-slug" label="URL name" hint="Lowercase letters, digits and hyphens; cannot be changed later" error={fieldError(state, 'slug')}>
            <Input name="slug" required maxLength={60} pattern="[a-z0-9]+(-[a-z0-9]+)*" />
          </Field>
        )}
      </div>
      <Field id="product-repository" label="Repository" hint="The repository your images are known by, e.g. registry.example.com/acme/app" error={fieldError(state, 'repository')}>
        <Input name="repository" required maxLength={255} defaultValue={product?.repository} />
      </Field>
      <Field id="product-description" label="Description" error={fieldError(state, 'description')}>
        <Textarea name="description" rows={4} maxLength={4000} defaultValue={product?.description} />
      </Field>
      <Field id="product-categories" label="Categories" hint="Comma-separated, e.g. databases, monitoring" error={fieldError(state, 'categories')}>
        <Input name="categories" maxLength={400} defaultValue={product?.categories.join(', ')} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="product-support" label="Support URL" error={fieldError(state, 'supportUrl')}>
          <Input name="supportUrl" type="url" maxLength={300} defaultValue={product?.supportUrl ?? ''} placeholder="https://" />
        </Field>
        <Field id="product-docs" label="Documentation URL" error={fieldError(state, 'documentationUrl')}>
          <Input name="documentationUrl" type="url" maxLength={300} defaultValue={product?.documentationUrl ?? ''} placeholder="https://" />
        </Field>
      </div>
      <SubmitButton pendingLabel="Saving…">{product ? 'Save product' : 'Create product'}</SubmitButton>
    </form>
  );
}
