import { MobileOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FactorCard } from './factor-card';
import { FactorList } from './factor-list';
import { FactorRenameDialog } from './factor-rename-dialog';
import { TotpEnrolDialog } from './totp-enrol-dialog';
import { twoStepApi, type TotpFactor } from './two-step-api';
import { useRemoveFactor } from './use-remove-factor';

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
  const [adding, setAdding] = useState(startOpen);
  const [renaming, setRenaming] = useState<TotpFactor | null>(null);
  const removal = useRemoveFactor<TotpFactor>({
    remove: twoStepApi.removeTotp,
    removedText: (factor) => t('twoStep.totp.removed', { name: factor.name }),
    onLastFactor,
  });

  return (
    <FactorCard
      testId="totp-card"
      icon={<MobileOutlined />}
      title={t('twoStep.totp.title')}
      description={t('twoStep.totp.description')}
      add={{
        testId: 'totp-add',
        label: factors.length === 0 ? t('twoStep.totp.add') : t('twoStep.totp.addAnother'),
        onClick: () => setAdding(true),
      }}
    >
      <FactorList
        factors={factors}
        testId="totp-factor"
        emptyText={t('twoStep.totp.none')}
        removal={removal}
        confirmTitle={(factor) => t('twoStep.totp.confirmRemove', { name: factor.name })}
        confirmHint={t('twoStep.totp.confirmRemoveHint')}
        onRename={setRenaming}
      />
      <TotpEnrolDialog open={adding} onClose={() => setAdding(false)} />
      <FactorRenameDialog
        factor={renaming}
        formName="totp-rename"
        label={t('twoStep.totp.nameLabel')}
        rename={twoStepApi.renameTotp}
        onClose={() => setRenaming(null)}
      />
    </FactorCard>
  );
}
