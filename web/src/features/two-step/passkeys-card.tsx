import { PlusOutlined } from '@ant-design/icons';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { FactorRenameDialog } from './factor-rename-dialog';
import { PasskeyAddDialog } from './passkey-add-dialog';
import { passkeyApi } from './passkey-api';
import { PasskeyIcon } from './passkey-icon';
import { isActiveFactor, refreshTwoStep, type PasskeyFactor } from './two-step-api';

interface PasskeysCardProps {
  factors: PasskeyFactor[];
  /** Suggest a second passkey or keeping the recovery codes (passkeysNeedBackup). */
  showBackupHint: boolean;
  /** Removing the last factor was refused (409 last_factor_required): the page explains why. */
  onLastFactor: (reason: string) => void;
  /** Opens the add dialog right away ("add another first" from the explanation). */
  startOpen?: boolean;
}

/** Passkeys: one row per passkey, with where it lives (synced or this device only); add, rename, remove. */
export function PasskeysCard({ factors, showBackupHint, onLastFactor, startOpen = false }: PasskeysCardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [isSupported] = useState(() => browserSupportsWebAuthn());
  const [adding, setAdding] = useState(startOpen && isSupported);
  const [renaming, setRenaming] = useState<PasskeyFactor | null>(null);

  const remove = useMutation({
    mutationFn: (factor: PasskeyFactor) => withStepUp(() => passkeyApi.remove(factor.id)),
    onSuccess: (_result, factor) => {
      void refreshTwoStep(queryClient);
      void message.success(t('passkeys.card.removed', { name: factor.name }));
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
      data-testid="passkeys-card"
      title={
        <Flex gap={10} align="center">
          <PasskeyIcon />
          {t('passkeys.card.title')}
        </Flex>
      }
      extra={
        isSupported ? (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="passkey-add">
            {factors.length === 0 ? t('passkeys.card.add') : t('passkeys.card.addAnother')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('passkeys.card.description')}
      </Typography.Paragraph>
      {isSupported ? null : (
        <Alert
          type="info"
          showIcon
          data-testid="passkeys-unsupported"
          title={t('passkeys.card.unsupported')}
          style={{ marginBottom: 16 }}
        />
      )}
      {factors.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('passkeys.card.none')} style={{ margin: '8px 0' }} />
      ) : (
        <Flex vertical>
          {factors.map((factor, index) => (
            <Flex
              key={factor.id}
              justify="space-between"
              align="center"
              gap={12}
              wrap
              data-testid="passkey-factor"
              style={{ padding: '12px 0', borderTop: index === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)' }}
            >
              <div style={{ minWidth: 0 }}>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong data-testid="passkey-factor-name">
                    {factor.name}
                  </Typography.Text>
                  {factor.backedUp ? (
                    <Tooltip title={t('passkeys.card.syncedHint')}>
                      <Tag color="blue" data-testid="passkey-synced">
                        {t('passkeys.card.synced')}
                      </Tag>
                    </Tooltip>
                  ) : (
                    <Tooltip title={t('passkeys.card.singleDeviceHint')}>
                      <Tag data-testid="passkey-single-device">{t('passkeys.card.singleDevice')}</Tag>
                    </Tooltip>
                  )}
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
                  title={t('passkeys.card.confirmRemove', { name: factor.name })}
                  description={t('passkeys.card.confirmRemoveHint')}
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
      {showBackupHint ? (
        <Alert
          type="warning"
          showIcon
          data-testid="passkeys-backup-hint"
          title={t('passkeys.card.backupHintTitle')}
          description={factors.length === 1 ? t('passkeys.card.backupHintOne') : t('passkeys.card.backupHintMany')}
          style={{ marginTop: 8 }}
        />
      ) : null}
      <PasskeyAddDialog open={adding} onClose={() => setAdding(false)} />
      <FactorRenameDialog
        factor={renaming}
        formName="passkey-rename"
        label={t('passkeys.nameLabel')}
        rename={passkeyApi.rename}
        onClose={() => setRenaming(null)}
      />
    </Card>
  );
}
