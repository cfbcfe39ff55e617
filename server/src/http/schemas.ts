import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../identity/orgs/security-policy.schema.ts';

/**
 * Passwords are length-checked in code points by the policy; this bound (4 UTF-16 units per code point at most)
 * only refuses absurd input before any hashing.
 */
export const passwordField = z.string().min(1).max(PASSWORD_MAX_LENGTH * 4);
export const emailField = z.email().max(254);
export const nameField = z.string().trim().min(1).max(120);
export const localeField = z.enum(['en', 'zh-CN']);
export const tokenField = z.string().min(1).max(128);
export const okSchema = z.object({ ok: z.literal(true) });
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.object({ path: z.string(), message: z.string() })).optional() }),
});
