import { z } from 'zod';
import { ZEmailSchema, ZPasswordSchema } from './user';

export const ZRequestPasswordResetSchema = z.object({ email: ZEmailSchema });

export const ZResetPasswordSchema = z
  .object({
    token: z.string().min(20, 'This reset link is not valid').max(200, 'This reset link is not valid'),
    password: ZPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { message: 'The passwords do not match', path: ['confirm'] });
