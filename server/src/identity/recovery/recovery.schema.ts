import { z } from 'zod';
import { passwordField, tokenField } from '../../http/schemas.ts';

export const identifierField = z.string().trim().min(1).max(320);
export const codeField = z.string().trim().min(1).max(16);
export const acceptedSchema = z.object({ accepted: z.literal(true) });

export const forgotBodySchema = z.strictObject({
  identifier: identifierField,
  /** Informational: the message always goes to exactly the address typed (e-mail → mail, number → SMS). */
  channel: z.enum(['email', 'sms']).optional(),
});

export const answersField = z
  .array(z.strictObject({ position: z.number().int().min(1).max(3), answer: z.string().max(200) }))
  .max(3)
  .optional();

/** An enrolled second factor as the reset's second proof: a TOTP or recovery code, or a passkey assertion. */
export const secondFactorField = z
  .strictObject({ method: z.enum(['passkey', 'totp', 'recovery_code']), code: z.string().trim().min(1).max(40).optional(), response: z.record(z.string(), z.unknown()).optional() })
  .optional();

/** Either the link token / ticket, or the identifier and code straight from the message (DESIGN contract). */
export const resetBodySchema = z.union([
  z.strictObject({ token: tokenField, newPassword: passwordField, answers: answersField, secondFactor: secondFactorField }),
  z.strictObject({ identifier: identifierField, code: codeField, newPassword: passwordField, answers: answersField, secondFactor: secondFactorField }),
]);

export const inspectResponseSchema = z.union([
  z.object({
    valid: z.literal(true),
    stage: z.enum(['second_proof', 'questions', 'password']),
    user: z.object({ name: z.string() }),
    orgName: z.string(),
    proofs: z.array(z.string()),
    secondProof: z.object({
      required: z.boolean(),
      satisfied: z.boolean(),
      methods: z.array(z.string()),
      channels: z.array(z.object({ id: z.string(), kind: z.enum(['email', 'phone']), masked: z.string() })),
    }),
    securityQuestions: z.array(z.object({ position: z.number(), questionKey: z.string().nullable(), question: z.string() })).nullable(),
    policy: z.object({ minLength: z.number(), minScore: z.number() }),
    admins: z.array(z.string()),
  }),
  z.object({ valid: z.literal(false), reason: z.enum(['invalid', 'expired', 'used']) }),
]);

export const tokenStateSchema = z.object({ valid: z.boolean(), reason: z.enum(['invalid', 'expired', 'used']).optional() });
