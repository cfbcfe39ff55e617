import { MobileOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { FactorRow } from './factor-row';
import { FactorRenameDialog } from './factor-rename-dialog';
import { TotpEnrolDialog } from './totp-enrol-dialog';
import { refreshTwoStep, twoStepApi, type TotpFactor } from './two-step-api';

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
            <FactorRow
              key={factor.id}
              factor={factor}
              testId="totp-factor"
              first={index === 0}
              confirmTitle={t('twoStep.totp.confirmRemove', { name: factor.name })}
              confirmHint={t('twoStep.totp.confirmRemoveHint')}
              removing={remove.isPending && remove.variables.id === factor.id}
              onRename={() => setRenaming(factor)}
              onRemove={() => remove.mutate(factor)}
            />
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
