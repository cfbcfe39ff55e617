import { CalendarOutlined, ShopOutlined, UserOutlined, WarningFilled } from '@ant-design/icons';
import { useDraggable } from '@dnd-kit/core';
import { Flex, Tooltip, Typography, theme } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../crm/money-format';
import { isOverdue } from './deal-format';
import type { Deal } from './deal-types';

interface DealCardBodyProps {
  deal: Deal;
  onOpen?: (deal: Deal) => void;
  /** Drawn under the pointer while dragging (no buttons, a lifted look). */
  lifted?: boolean;
}

/** What a card shows: name, customer, amount in its currency, owner and the expected close date (red when past). */
export function DealCardBody({ deal, onOpen, lifted = false }: DealCardBodyProps) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const overdue = isOverdue(deal);
  const style: CSSProperties = {
    background: token.colorBgContainer,
    border: `1px solid ${token.colorBorderSecondary}`,
    borderRadius: token.borderRadiusLG,
    padding: '10px 12px',
    boxShadow: lifted ? token.boxShadowSecondary : token.boxShadowTertiary,
    cursor: deal.canEdit ? 'grab' : 'default',
  };
  return (
    <div style={style} data-testid="deal-card" data-deal-id={deal.id}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        {onOpen && !lifted ? (
          <Typography.Link
            strong
            onClick={() => onOpen(deal)}
            onPointerDown={(event) => event.stopPropagation()}
            onKeyDown={(event) => event.stopPropagation()}
            style={{ lineHeight: 1.4, wordBreak: 'break-word' }}
            data-testid="deal-card-name"
          >
            {deal.name}
          </Typography.Link>
        ) : (
          <Typography.Text strong style={{ lineHeight: 1.4 }}>
            {deal.name}
          </Typography.Text>
        )}
      </Flex>
      <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12, marginTop: 2 }}>
        <ShopOutlined style={{ marginInlineEnd: 4 }} />
        {deal.customerName}
      </Typography.Text>
      <Typography.Text strong style={{ display: 'block', fontSize: 15, marginTop: 6 }} data-testid="deal-card-amount">
        {formatMoney(deal.amount, deal.currency, i18n.resolvedLanguage ?? 'en')}
      </Typography.Text>
      <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 6, fontSize: 12 }}>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, minWidth: 0 }}>
          <UserOutlined style={{ marginInlineEnd: 4 }} />
          {deal.ownerName ?? t('deals.noOwner')}
        </Typography.Text>
        {deal.expectedCloseDate ? (
          <Tooltip title={overdue ? t('deals.card.overdue') : t('deals.field.expectedCloseDate')}>
            <Typography.Text
              type={overdue ? 'danger' : 'secondary'}
              strong={overdue}
              style={{ fontSize: 12, whiteSpace: 'nowrap' }}
              data-testid={overdue ? 'deal-card-overdue' : undefined}
            >
              {overdue ? (
                <WarningFilled style={{ marginInlineEnd: 4 }} />
              ) : (
                <CalendarOutlined style={{ marginInlineEnd: 4 }} />
              )}
              {deal.expectedCloseDate}
            </Typography.Text>
          </Tooltip>
        ) : null}
      </Flex>
    </div>
  );
}

/** A card on the board: dragged with the pointer (after a few pixels) or picked up with Space / Enter. */
export function DealCard({ deal, onOpen }: { deal: Deal; onOpen: (deal: Deal) => void }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: deal.id,
    data: { deal },
    disabled: !deal.canEdit,
  });
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      aria-roledescription={t('deals.board.cardRole')}
      aria-label={t('deals.board.cardLabel', { name: deal.name, customer: deal.customerName })}
      style={{ opacity: isDragging ? 0.35 : 1, outlineOffset: 2, touchAction: 'none' }}
    >
      <DealCardBody deal={deal} onOpen={onOpen} />
    </div>
  );
}
