import { PlusOutlined } from '@ant-design/icons';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { FactorRow } from './factor-row';
import { FactorRenameDialog } from './factor-rename-dialog';
import { PasskeyAddDialog } from './passkey-add-dialog';
import { passkeyApi } from './passkey-api';
import { PasskeyIcon } from './passkey-icon';
import { refreshTwoStep, type PasskeyFactor } from './two-step-api';

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
            <FactorRow
              key={factor.id}
              factor={factor}
              testId="passkey-factor"
              first={index === 0}
              tags={
                factor.backedUp ? (
                  <Tooltip title={t('passkeys.card.syncedHint')}>
                    <Tag color="blue" data-testid="passkey-synced">
                      {t('passkeys.card.synced')}
                    </Tag>
                  </Tooltip>
                ) : (
                  <Tooltip title={t('passkeys.card.singleDeviceHint')}>
                    <Tag data-testid="passkey-single-device">{t('passkeys.card.singleDevice')}</Tag>
                  </Tooltip>
                )
              }
              confirmTitle={t('passkeys.card.confirmRemove', { name: factor.name })}
              confirmHint={t('passkeys.card.confirmRemoveHint')}
              removing={remove.isPending && remove.variables.id === factor.id}
              onRename={() => setRenaming(factor)}
              onRemove={() => remove.mutate(factor)}
            />
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
