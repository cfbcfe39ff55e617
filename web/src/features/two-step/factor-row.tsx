import { Button, Flex, Popconfirm, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import { isActiveFactor } from './two-step-api';

/** What a row shows of any second factor (an SMS factor's name is its masked number). */
export interface ListedFactor {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  activatesAt: string | null;
}

interface FactorRowProps {
  factor: ListedFactor;
  /** `totp-factor` / `passkey-factor`; the name carries `<testId>-name`. */
  testId: string;
  first: boolean;
  /** Tags after the name (e.g. a passkey's synced / this-device-only). */
  tags?: ReactNode;
  confirmTitle: string;
  confirmHint: string;
  removing: boolean;
  /** Omitted for factors without a name of their own (an SMS number). */
  onRename?: () => void;
  onRemove: () => void;
}

/** One second factor in its card: name, tags, when added and last used, rename and remove (confirmed). */
export function FactorRow({
  factor,
  testId,
  first,
  tags,
  confirmTitle,
  confirmHint,
  removing,
  onRename,
  onRemove,
}: FactorRowProps) {
  const { t } = useTranslation();
  return (
    <Flex
      justify="space-between"
      align="center"
      gap={12}
      wrap
      data-testid={testId}
      style={{ padding: '12px 0', borderTop: first ? undefined : '1px solid rgba(5, 5, 5, 0.06)' }}
    >
      <div style={{ minWidth: 0 }}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong data-testid={`${testId}-name`}>
            {factor.name}
          </Typography.Text>
          {tags}
          {isActiveFactor(factor) ? null : (
            <Tag color="orange">{t('twoStep.factor.activatesAt', { time: formatDateTime(factor.activatesAt) })}</Tag>
          )}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('twoStep.factor.added', { time: formatDateTime(factor.createdAt) })}
          {' · '}
          {factor.lastUsedAt
            ? t('twoStep.factor.lastUsed', { time: formatDateTime(factor.lastUsedAt) })
            : t('twoStep.factor.neverUsed')}
        </Typography.Text>
      </div>
      <Flex gap={8}>
        {onRename ? (
          <Button size="small" onClick={onRename}>
            {t('twoStep.factor.rename')}
          </Button>
        ) : null}
        <Popconfirm
          title={confirmTitle}
          description={confirmHint}
          okText={t('twoStep.factor.remove')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={onRemove}
        >
          <Button size="small" danger loading={removing}>
            {t('twoStep.factor.remove')}
          </Button>
        </Popconfirm>
      </Flex>
    </Flex>
  );
}
