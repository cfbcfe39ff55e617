import { useDroppable } from '@dnd-kit/core';
import { Badge, Button, Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { DealCard } from './deal-card';
import { formatTotals, stageLabel } from './deal-format';
import type { BoardColumn, Deal } from './deal-types';

export const COLUMN_WIDTH = 232;

interface DealBoardColumnProps {
  column: BoardColumn;
  onOpen: (deal: Deal) => void;
  onLoadMore: (column: BoardColumn) => void;
  loadingMore: boolean;
}

const KIND_ACCENT = { open: 'colorPrimary', won: 'colorSuccess', lost: 'colorError' } as const;

/** One stage: its name, how many deals and how much per currency, and the cards, which can be dropped here. */
export function DealBoardColumn({ column, onOpen, onLoadMore, loadingMore }: DealBoardColumnProps) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const { setNodeRef, isOver } = useDroppable({ id: `stage:${column.stage.id}`, data: { stage: column.stage } });
  const name = stageLabel(t, column.stage);
  const remaining = column.count - column.items.length;

  return (
    <section
      ref={setNodeRef}
      aria-label={t('deals.board.columnLabel', { stage: name, count: column.count })}
      data-testid="deal-column"
      data-stage-id={column.stage.id}
      style={{
        flex: `0 0 ${COLUMN_WIDTH}px`,
        width: COLUMN_WIDTH,
        display: 'flex',
        flexDirection: 'column',
        background: isOver ? token.colorPrimaryBg : token.colorFillQuaternary,
        border: `1px ${isOver ? 'dashed' : 'solid'} ${isOver ? token.colorPrimary : 'transparent'}`,
        borderTop: `3px solid ${token[KIND_ACCENT[column.stage.kind]]}`,
        borderRadius: token.borderRadiusLG,
        transition: 'background 120ms, border-color 120ms',
        minHeight: 240,
      }}
    >
      <div style={{ padding: '10px 12px 8px' }}>
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text strong ellipsis style={{ minWidth: 0 }} data-testid="deal-column-name">
            {name}
          </Typography.Text>
          <Flex align="center" gap={6} style={{ flex: '0 0 auto' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('deals.board.probability', { value: column.stage.probability })}
            </Typography.Text>
            <Badge
              count={column.count}
              showZero
              overflowCount={9999}
              color={column.count > 0 ? token[KIND_ACCENT[column.stage.kind]] : token.colorTextQuaternary}
              data-testid="deal-column-count"
            />
          </Flex>
        </Flex>
        <Typography.Text
          type="secondary"
          style={{ display: 'block', fontSize: 12, marginTop: 2, minHeight: 20, fontVariantNumeric: 'tabular-nums' }}
          data-testid="deal-column-total"
        >
          {column.totals.length > 0
            ? formatTotals(column.totals, i18n.resolvedLanguage ?? 'en')
            : t('deals.board.noAmount')}
        </Typography.Text>
      </div>
      <Flex vertical gap={8} style={{ padding: '0 8px 10px', flex: '1 1 auto' }}>
        {column.items.map((deal) => (
          <DealCard key={deal.id} deal={deal} onOpen={onOpen} />
        ))}
        {column.items.length === 0 ? (
          <Typography.Text
            type="secondary"
            style={{
              display: 'block',
              textAlign: 'center',
              fontSize: 12,
              padding: '18px 8px',
              border: `1px dashed ${token.colorBorder}`,
              borderRadius: token.borderRadius,
            }}
          >
            {t('deals.board.emptyColumn')}
          </Typography.Text>
        ) : null}
        {column.nextCursor && remaining > 0 ? (
          <Button size="small" type="text" loading={loadingMore} onClick={() => onLoadMore(column)}>
            {t('deals.board.loadMore', { count: remaining })}
          </Button>
        ) : null}
      </Flex>
    </section>
  );
}
