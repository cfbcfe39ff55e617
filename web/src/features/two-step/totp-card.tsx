import { MobileOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { FactorRenameDialog } from './factor-rename-dialog';
import { TotpEnrolDialog } from './totp-enrol-dialog';
import { isActiveFactor, refreshTwoStep, twoStepApi, type TotpFactor } from './two-step-api';

interface TotpCardProps {
  factors: TotpFactor[];
  /** Removing the last factor was refused (409 last_factor_required): the page explains why. */
  onLastFactor: (reason: string) => void;
  /** Opens the add dialog right away (walk-through after enrolment became required or a recovery-code sign-in). */
  startOpen?: boolean;
}

/** Authenticator apps (TOTP): one row per device, each named; add, rename, remove. */
export function TotpCard({ factors, onLastFactor, startOpen = false }: TotpCardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [adding, setAdding] = useState(startOpen);
  const [renaming, setRenaming] = useState<TotpFactor | null>(null);

  const remove = useMutation({
    mutationFn: (factor: TotpFactor) => withStepUp(() => twoStepApi.removeTotp(factor.id)),
    onSuccess: (_result, factor) => {
      void refreshTwoStep(queryClient);
      void message.success(t('twoStep.totp.removed', { name: factor.name }));
    },
    onError: (error) => {
      if (isStepUpCancelled(error)) {
        return;
      }
      if (isApiError(error) && error.code === 'last_factor_required') {
        onLastFactor(error.message);
        return;
      }
      void message.error(error.message);
    },
  });

  return (
    <Card
      variant="borderless"
      data-testid="totp-card"
      title={
        <Flex gap={10} align="center">
          <MobileOutlined />
          {t('twoStep.totp.title')}
        </Flex>
      }
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="totp-add">
          {factors.length === 0 ? t('twoStep.totp.add') : t('twoStep.totp.addAnother')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('twoStep.totp.description')}
      </Typography.Paragraph>
      {factors.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('twoStep.totp.none')} style={{ margin: '8px 0' }} />
      ) : (
        <Flex vertical>
          {factors.map((factor, index) => (
            <Flex
              key={factor.id}
              justify="space-between"
              align="center"
              gap={12}
              wrap
              data-testid="totp-factor"
              style={{ padding: '12px 0', borderTop: index === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)' }}
            >
              <div style={{ minWidth: 0 }}>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong data-testid="totp-factor-name">
                    {factor.name}
                  </Typography.Text>
                  {isActiveFactor(factor) ? null : (
                    <Tag color="orange">
                      {t('twoStep.factor.activatesAt', { time: formatDateTime(factor.activatesAt) })}
                    </Tag>
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
                <Button size="small" onClick={() => setRenaming(factor)}>
                  {t('twoStep.factor.rename')}
                </Button>
                <Popconfirm
                  title={t('twoStep.totp.confirmRemove', { name: factor.name })}
                  description={t('twoStep.totp.confirmRemoveHint')}
                  okText={t('twoStep.factor.remove')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutate(factor)}
                >
                  <Button size="small" danger loading={remove.isPending && remove.variables.id === factor.id}>
                    {t('twoStep.factor.remove')}
                  </Button>
                </Popconfirm>
              </Flex>
            </Flex>
          ))}
        </Flex>
      )}
      <TotpEnrolDialog open={adding} onClose={() => setAdding(false)} />
      <FactorRenameDialog
        factor={renaming}
        formName="totp-rename"
        label={t('twoStep.totp.nameLabel')}
        rename={twoStepApi.renameTotp}
        onClose={() => setRenaming(null)}
      />
    </Card>
  );
}
