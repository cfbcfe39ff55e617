import { MessageOutlined } from '@ant-design/icons';
import { Alert, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RECOVERY_PATH } from '../recovery-settings/readiness-banner';
import { FactorCard } from './factor-card';
import { FactorList } from './factor-list';
import { SmsEnrolDialog } from './sms-enrol-dialog';
import { twoStepApi, type SmsFactor, type TwoStepStatus } from './two-step-api';
import { useRemoveFactor } from './use-remove-factor';

interface SmsCardProps {
  status: TwoStepStatus;
  /** Removing the last factor was refused (409 last_factor_required): the page explains why. */
  onLastFactor: (reason: string) => void;
}

/** Shown when the organisation allows SMS codes for the user's role, or while SMS factors remain from before. */
export function shouldShowSmsCard(status: TwoStepStatus): boolean {
  return status.smsAllowed || status.factors.sms.length > 0;
}

/**
 * Text-message codes (an organisation opt-in, never for owners or admins): the weakest factor, with the risk said in
 * plain words, only for verified mobile numbers; add and remove (no names: the masked number is the name).
 */
export function SmsCard({ status, onLastFactor }: SmsCardProps) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const factors = status.factors.sms.map((factor) => ({ ...factor, name: factor.masked }));
  const available = status.smsNumbers.filter((number) => !number.enrolled);
  const removal = useRemoveFactor<SmsFactor>({
    remove: twoStepApi.removeSms,
    removedText: (factor) => t('twoStep.sms.removed', { number: factor.masked }),
    onLastFactor,
  });

  return (
    <FactorCard
      testId="sms-card"
      icon={<MessageOutlined />}
      title={t('twoStep.sms.title')}
      description={t('twoStep.sms.description')}
      add={
        status.smsAllowed && available.length > 0
          ? {
              testId: 'sms-add',
              label: factors.length === 0 ? t('twoStep.sms.add') : t('twoStep.sms.addAnother'),
              onClick: () => setAdding(true),
            }
          : null
      }
    >
      <Alert
        type="warning"
        showIcon
        data-testid="sms-risk"
        title={t('twoStep.sms.riskTitle')}
        description={t('twoStep.sms.riskText')}
        style={{ marginBottom: 12 }}
      />
      {status.smsAllowed ? null : (
        <Alert
          type="info"
          showIcon
          data-testid="sms-not-allowed"
          title={t('twoStep.sms.notAllowed')}
          style={{ marginBottom: 12 }}
        />
      )}
      {status.smsAllowed && status.smsNumbers.length === 0 ? (
        <Typography.Paragraph data-testid="sms-no-number">
          {t('twoStep.sms.noNumber')} <Link to={RECOVERY_PATH}>{t('twoStep.sms.verifyNumber')}</Link>
        </Typography.Paragraph>
      ) : null}
      <FactorList
        factors={factors}
        testId="sms-factor"
        emptyText={t('twoStep.sms.none')}
        removal={removal}
        tags={(factor) => (factor.usable ? null : <Tag>{t('twoStep.sms.notInUse')}</Tag>)}
        confirmTitle={(factor) => t('twoStep.sms.confirmRemove', { number: factor.masked })}
        confirmHint={t('twoStep.sms.confirmRemoveHint')}
      />
      <SmsEnrolDialog open={adding} numbers={available} onClose={() => setAdding(false)} />
    </FactorCard>
  );
}
