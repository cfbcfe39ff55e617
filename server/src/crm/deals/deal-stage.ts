import { raise } from '../../http/app-error.ts';
import type { FieldChanges } from '../history/history.tables.ts';
import { dealErrors } from './deal.errors.ts';
import type { DealRow, DealValues } from './deal.repository.ts';
import type { StageRow } from './pipeline.repository.ts';
import { stageRef } from './pipeline.service.ts';

export interface StageMove {
  values: Partial<DealValues>;
  changes: FieldChanges;
}

/**
 * What entering `to` does to a deal: won and lost set `closed_at`, reopening clears it; a lost deal carries the reason
 * it was lost (required, kept when the deal stays lost); the probability follows the stage unless the same request
 * sets one. Null when nothing changes (same stage, same reason).
 */
export function stageMove(
  deal: Pick<DealRow, 'stageId' | 'probability' | 'lostReason'>,
  from: StageRow,
  to: StageRow,
  request: { lostReason?: string | null | undefined; probability?: number | undefined },
  at: Date,
): StageMove | null {
  const lostReason = to.kind === 'lost' ? (request.lostReason === undefined && from.id === to.id ? deal.lostReason : (request.lostReason ?? null)) : null;
  if (to.kind === 'lost' && !lostReason) raise(dealErrors.LOST_REASON_REQUIRED);
  if (from.id === to.id) {
    if (lostReason === deal.lostReason) return null;
    return { values: { lostReason }, changes: { lostReason: { from: deal.lostReason, to: lostReason } } };
  }
  const probability = request.probability ?? to.probability;
  const changes: FieldChanges = { stage: { from: stageRef(from), to: stageRef(to) } };
  if (probability !== deal.probability) changes.probability = { from: deal.probability, to: probability };
  if (lostReason !== deal.lostReason) changes.lostReason = { from: deal.lostReason, to: lostReason };
  return {
    values: { stageId: to.id, stageChangedAt: at, probability, lostReason, closedAt: to.kind === 'open' ? null : at },
    changes,
  };
}
