import { z } from 'zod';

export const stageKinds = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof stageKinds)[number];

/** Won and lost included: the board has at most this many columns. */
export const MAX_STAGES = 20;

/** The stages a new organisation starts with; the interface translates their keys. */
export const DEFAULT_STAGES: readonly { key: string; kind: StageKind; probability: number }[] = [
  { key: 'qualify', kind: 'open', probability: 10 },
  { key: 'needs', kind: 'open', probability: 25 },
  { key: 'proposal', kind: 'open', probability: 50 },
  { key: 'negotiation', kind: 'open', probability: 75 },
  { key: 'won', kind: 'won', probability: 100 },
  { key: 'lost', kind: 'lost', probability: 0 },
];

const probabilityField = z.number().int().min(0).max(100);

export const stageSchema = z.object({
  id: z.string(),
  /** A default stage's key (qualify, needs…, won, lost) for the interface to translate; null for stages added later. */
  key: z.string().nullable(),
  /** The name someone gave the stage; null = the default stage's translated name. */
  name: z.string().nullable(),
  kind: z.enum(stageKinds),
  probability: z.number(),
  position: z.number(),
});
export type Stage = z.infer<typeof stageSchema>;

export const pipelineSchema = z.object({ stages: z.array(stageSchema) });

/**
 * The open stages in their new order: an entry with an id keeps (and may rename) that stage, one without adds a stage;
 * an open stage left out is archived. Won and lost are not listed: there is always exactly one of each, at the end.
 * `moveDealsTo` names, for each archived stage that still holds live deals, the kept open stage they move to.
 */
export const pipelineUpdateBody = z.strictObject({
  stages: z
    .array(
      z.strictObject({
        id: z.string().max(100).optional(),
        /** Empty or null on a default stage: its translated default name again. */
        name: z
          .string()
          .trim()
          .max(50)
          .transform((value) => (value === '' ? null : value))
          .nullable()
          .optional(),
        probability: probabilityField,
      }),
    )
    .min(1)
    .max(MAX_STAGES),
  moveDealsTo: z
    .record(z.string().max(100), z.string().max(100))
    .refine((moves) => Object.keys(moves).length <= MAX_STAGES)
    .optional(),
});
export type PipelineUpdateInput = z.infer<typeof pipelineUpdateBody>;
