import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { dealApi, dealKeys } from './deal-api';
import { moveOnBoard, movedCard, replaceCard } from './deal-board-state';
import { stageLabel } from './deal-format';
import type { BoardColumn, Deal, DealFilters, Stage } from './deal-types';

type Board = { columns: BoardColumn[] };

/**
 * Moves a card at once (count and totals included) and tells the server; on a refusal the board goes back to how it
 * was and a message says why. Resolves with whether the move stuck.
 */
export function useBoardMove(filters: DealFilters) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = dealKeys.board(filters);

  return async (deal: Deal, stage: Stage, lostReason?: string): Promise<boolean> => {
    await queryClient.cancelQueries({ queryKey: key });
    const snapshot = queryClient.getQueryData<Board>(key);
    if (snapshot) {
      queryClient.setQueryData<Board>(key, {
        columns: moveOnBoard(snapshot.columns, deal, movedCard(deal, stage, lostReason)),
      });
    }
    try {
      const saved = await dealApi.move(deal.id, deal.version, stage.id, lostReason);
      queryClient.setQueryData<Board>(key, (current) =>
        current ? { columns: replaceCard(current.columns, saved) } : current,
      );
      queryClient.setQueryData(dealKeys.detail(saved.id), saved);
      // Everything else that shows the deal reloads; the board keeps its loaded cards and its exact new totals.
      void queryClient.invalidateQueries({
        predicate: (query) =>
          (query.queryKey[0] === 'deals' && query.queryKey[1] !== 'board' && query.queryKey[1] !== 'detail') ||
          query.queryKey[0] === 'customers',
      });
      void message.success(t('deals.board.moved', { name: deal.name, stage: stageLabel(t, stage) }));
      return true;
    } catch (error) {
      if (snapshot) {
        queryClient.setQueryData<Board>(key, snapshot);
      }
      const reason = isApiError(error) ? error.message : t('deals.board.moveFailedUnknown');
      void message.error({ content: t('deals.board.moveFailed', { name: deal.name, reason }), duration: 6 });
      if (isApiError(error) && (error.status === 409 || error.status === 404 || error.code === 'crm.invalid_stage')) {
        // Someone else changed the deal or the pipeline: show the board as it is now.
        void queryClient.invalidateQueries({ queryKey: key });
      }
      return false;
    }
  };
}
