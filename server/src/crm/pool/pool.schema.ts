import { z } from 'zod';
import { optionalText } from '../shared/fields.ts';

export const poolEventKinds = ['claimed', 'released', 'returned'] as const;
export type PoolEventKind = (typeof poolEventKinds)[number];

export const poolRuleSchema = z.object({
  /** Claims one person may make in any 24 hours; null = unlimited. */
  claimLimitPerDay: z.number().nullable(),
  /** Owned customers not followed up for this many days go back to the pool; null = off. */
  returnAfterDays: z.number().nullable(),
  /** The owner is mailed this many days before a customer returns (0 = no notice). */
  noticeDays: z.number(),
  /** A former owner may not claim the customer back within this many days (0 = at once). */
  reclaimCooldownDays: z.number(),
});
export type PoolRule = z.infer<typeof poolRuleSchema>;

export const DEFAULT_POOL_RULE: PoolRule = { claimLimitPerDay: 20, returnAfterDays: null, noticeDays: 3, reclaimCooldownDays: 0 };

export const poolRuleBody = z
  .strictObject({
    claimLimitPerDay: z.number().int().min(1).max(10_000).nullable(),
    returnAfterDays: z.number().int().min(1).max(365).nullable(),
    noticeDays: z.number().int().min(0).max(30),
    reclaimCooldownDays: z.number().int().min(0).max(365),
  })
  .refine((rule) => rule.returnAfterDays === null || rule.noticeDays < rule.returnAfterDays, { path: ['noticeDays'], message: 'noticeDays must be shorter than returnAfterDays' });
export type PoolRuleInput = z.infer<typeof poolRuleBody>;

/** The rule as everyone reads it, with the caller's own claims in the last 24 hours. */
export const poolStatusSchema = z.object({
  rule: poolRuleSchema,
  claimedToday: z.number(),
  /** null = no limit. */
  claimsLeftToday: z.number().nullable(),
});

export const releaseBody = z.strictObject({ reason: optionalText(500) });
