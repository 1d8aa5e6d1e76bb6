import { z } from 'zod';

// Products of a vendor organization: what the catalog lists and what submissions certify.
export const ZProductSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Use at least 2 characters')
  .max(60, 'Use at most 60 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens (not at the start or end)')
  .refine((s) => s !== 'new', 'This name is reserved; choose another')
  .describe('URL name of the product within its vendor, e.g. web-server');

const optionalUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z
    .string()
    .trim()
    .max(300, 'Use at most 300 characters')
    .url('Enter a full URL starting with https://')
    .refine((u) => /^https?:\/\//.test(u), 'Use an http(s) URL')
    .nullable()
    .optional(),
);

const categories = z.preprocess(
  // Forms send a comma-separated line; the API sends an array.
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z
    .array(z.string().trim().toLowerCase().min(2, 'Each category needs 2+ characters').max(40, 'Each category at most 40 characters').regex(/^[a-z0-9][a-z0-9 &/-]*$/, 'Categories use letters, digits, spaces, &, / and -'))
    .max(8, 'At most 8 categories')
    .transform((list) => [...new Set(list)]),
);

// host[:port]/path of lowercase components, the way images are named (no tag, no digest).
const REPOSITORY_RE = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export const ZRepositorySchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter the repository')
  .max(255, 'Use at most 255 characters')
  .regex(REPOSITORY_RE, 'Enter a repository like registry.example.com/acme/app (no tag or digest)')
  .describe('The repository the images are known by, e.g. registry.example.com/acme/app');

export const ZCreateProductSchema = z.object({
  name: z.string().trim().min(2, 'Use at least 2 characters').max(100, 'Use at most 100 characters').describe('Display name of the product'),
  slug: ZProductSlugSchema,
  description: z.string().trim().max(4000, 'Use at most 4000 characters').default('').describe('What the product does'),
  categories: categories.default([]).describe('Catalog categories, e.g. ["databases", "monitoring"]'),
  repository: ZRepositorySchema,
  supportUrl: optionalUrl.describe('Where customers get support'),
  documentationUrl: optionalUrl.describe('Where the product is documented'),
});

export const ZUpdateProductSchema = z
  .object({
    name: ZCreateProductSchema.shape.name.optional(),
    description: z.string().trim().max(4000, 'Use at most 4000 characters').optional(),
    categories: categories.optional(),
    repository: ZRepositorySchema.optional(),
    supportUrl: optionalUrl,
    documentationUrl: optionalUrl,
  })
  .strict();

export type TCreateProduct = z.infer<typeof ZCreateProductSchema>;
export type TUpdateProduct = z.infer<typeof ZUpdateProductSchema>;
