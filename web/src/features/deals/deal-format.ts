import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { formatMoney } from '../crm/money-format';
import type { Deal, Money, StageKind } from './deal-types';

/** A stage as people read it: the name someone gave it, else the default stage's name in the user's language. */
export function stageLabel(t: TFunction, stage: { key: string | null; name: string | null }): string {
  if (stage.name) {
    return stage.name;
  }
  return stage.key ? t(`deals.stage.${stage.key}`, { defaultValue: stage.key }) : '—';
}

export function dealStageLabel(t: TFunction, deal: Pick<Deal, 'stageKey' | 'stageName'>): string {
  return stageLabel(t, { key: deal.stageKey, name: deal.stageName });
}

export const STAGE_KIND_COLORS: Record<StageKind, string> = { open: 'processing', won: 'success', lost: 'error' };

/** "¥120,000.00 · US$5,000.00": one amount per currency, never added across currencies. */
export function formatTotals(totals: Money[], language: string): string {
  return totals.map((total) => formatMoney(total.amount, total.currency, language)).join(' · ');
}

/** An open deal whose expected close date has passed: the salesperson should act or move the date. */
export function isOverdue(deal: Pick<Deal, 'expectedCloseDate' | 'stageKind'>, today = dayjs()): boolean {
  return (
    deal.stageKind === 'open' && deal.expectedCloseDate !== null && dayjs(deal.expectedCloseDate).isBefore(today, 'day')
  );
}
