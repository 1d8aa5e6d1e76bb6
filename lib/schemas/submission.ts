import { z } from 'zod';
import { SUBMISSION_STATUSES } from '../server/submissions/status-machine';

// Submitting an image for certification: by registry reference (docker://… only, from the server)
// with optional pull credentials, or by uploading an archive (see the upload route).
export const ZRegistryCredentialsSchema = z.object({
  username: z.string().min(1, 'Enter the username').max(256, 'Use at most 256 characters').describe('Registry user name for pulling the image'),
  password: z.string().min(1, 'Enter the password or token').max(4096, 'Use at most 4096 characters').describe('Registry password or token (stored encrypted, never shown again)'),
});

export const ZCreateReferenceSubmissionSchema = z.object({
  reference: z
    .string()
    .trim()
    .min(1, 'Enter the image reference')
    .max(600, 'Use at most 600 characters')
    .describe('The image, as docker://HOST/NAME:TAG or docker://HOST/NAME@sha256:…'),
  platform: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/, 'Use os/arch[/variant], e.g. linux/amd64')
    .optional()
    .describe('Which platform of a multi-platform image to certify (default linux/amd64)'),
  credentials: ZRegistryCredentialsSchema.optional().describe('Pull credentials, when the registry needs them'),
});

export const ARCHIVE_FORMATS = ['oci-archive', 'docker-archive'] as const;

export const ZArchiveUploadSchema = z.object({
  format: z.enum(ARCHIVE_FORMATS).optional().describe('oci-archive or docker-archive; detected from the content when omitted'),
  filename: z
    .string()
    .trim()
    .max(200, 'Use at most 200 characters')
    .optional()
    .describe('The archive file name, for display'),
  platform: ZCreateReferenceSubmissionSchema.shape.platform,
});

export const ZSubmissionListQuerySchema = z.object({
  status: z.enum(SUBMISSION_STATUSES).optional().describe('Only submissions in this status'),
});

export const ZStatusReasonSchema = z.object({
  reason: z.string().trim().max(2000, 'Use at most 2000 characters').optional().describe('Why (shown in the status history and the audit log)'),
});

export type TCreateReferenceSubmission = z.infer<typeof ZCreateReferenceSubmissionSchema>;
export type TArchiveUpload = z.infer<typeof ZArchiveUploadSchema>;
