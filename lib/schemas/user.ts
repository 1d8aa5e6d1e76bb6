import { z } from 'zod';

const COMMON_PASSWORDS = new Set([
  'password', 'password1', 'password123', '1234567890', '12345678910', 'qwertyuiop', 'iloveyou12',
  'letmein123', 'welcome123', 'admin12345', 'changeme123', 'passw0rd123',
]);

export const ZEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long')
  .email('Enter a valid email address')
  .describe('Email address');

export const ZPasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters')
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), 'This password is too common')
  .refine((p) => new Set(p).size >= 5, 'Use more varied characters')
  .describe('Password: at least 10 characters, not a common one');

export const ZNameSchema = z.string().trim().min(1, 'Enter your name').max(100, 'Use at most 100 characters');

export const ZSignUpSchema = z
  .object({ name: ZNameSchema, email: ZEmailSchema, password: ZPasswordSchema })
  .refine((v) => !v.password.toLowerCase().includes(v.email.split('@')[0]!.toLowerCase()) || v.email.split('@')[0]!.length < 4, {
    message: 'The password must not contain your email name',
    path: ['password'],
  });

export const ZSignInSchema = z.object({ email: ZEmailSchema, password: z.string().min(1).max(200) });

export type TSignUp = z.infer<typeof ZSignUpSchema>;
export type TSignIn = z.infer<typeof ZSignInSchema>;
