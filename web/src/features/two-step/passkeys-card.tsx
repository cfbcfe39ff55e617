import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { Alert, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FactorCard } from './factor-card';
import { FactorList } from './factor-list';
import { FactorRenameDialog } from './factor-rename-dialog';
import { PasskeyAddDialog } from './passkey-add-dialog';
import { passkeyApi } from './passkey-api';
import { PasskeyIcon } from './passkey-icon';
import type { PasskeyFactor } from './two-step-api';
import { useRemoveFactor } from './use-remove-factor';

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
  const [isSupported] = useState(() => browserSupportsWebAuthn());
  const [adding, setAdding] = useState(startOpen && isSupported);
  const [renaming, setRenaming] = useState<PasskeyFactor | null>(null);
  const removal = useRemoveFactor<PasskeyFactor>({
    remove: passkeyApi.remove,
    removedText: (factor) => t('passkeys.card.removed', { name: factor.name }),
    onLastFactor,
  });

  return (
    <FactorCard
      testId="passkeys-card"
      icon={<PasskeyIcon />}
      title={t('passkeys.card.title')}
      description={t('passkeys.card.description')}
      add={
        isSupported
          ? {
              testId: 'passkey-add',
              label: factors.length === 0 ? t('passkeys.card.add') : t('passkeys.card.addAnother'),
              onClick: () => setAdding(true),
            }
          : null
      }
    >
      {isSupported ? null : (
        <Alert
          type="info"
          showIcon
          data-testid="passkeys-unsupported"
          title={t('passkeys.card.unsupported')}
          style={{ marginBottom: 16 }}
        />
      )}
      <FactorList
        factors={factors}
        testId="passkey-factor"
        emptyText={t('passkeys.card.none')}
        removal={removal}
        tags={(factor) =>
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
        confirmTitle={(factor) => t('passkeys.card.confirmRemove', { name: factor.name })}
        confirmHint={t('passkeys.card.confirmRemoveHint')}
        onRename={setRenaming}
      />
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
    </FactorCard>
  );
}
