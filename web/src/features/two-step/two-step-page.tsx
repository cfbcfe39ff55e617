import { CheckCircleFilled, SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Modal, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { formatDateTime } from '../../components/format';
import { PageHeading } from '../../components/page-section';
import { useMe } from '../auth/session-queries';
import { PasskeysCard } from './passkeys-card';
import { RecoveryCodesCard } from './recovery-codes-card';
import { shouldShowSmsCard, SmsCard } from './sms-card';
import { TotpCard } from './totp-card';
import {
  hasAnyFactor,
  isEnrolmentOverdue,
  passkeysNeedBackup,
  useTwoStepStatus,
  type TwoStepStatus,
} from './two-step-api';

function StatusCard({ status }: { status: TwoStepStatus }) {
  const { t } = useTranslation();
  const enrolled = hasAnyFactor(status);
  let requirement: string;
  if (!status.required) {
    requirement = enrolled ? '' : t('twoStep.status.optional');
  } else if (enrolled || status.deadline === null) {
    requirement = t('twoStep.status.required');
  } else {
    requirement = t('twoStep.status.requiredBy', { time: formatDateTime(status.deadline) });
  }
  return (
    <Card variant="borderless" data-testid="two-step-status">
      <Flex gap={14} align="flex-start">
        {enrolled ? (
          <CheckCircleFilled style={{ fontSize: 22, color: '#389e0d', paddingTop: 2 }} />
        ) : (
          <SafetyOutlined style={{ fontSize: 22, opacity: 0.6, paddingTop: 2 }} />
        )}
        <div style={{ minWidth: 0 }}>
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {enrolled ? t('twoStep.status.on') : t('twoStep.status.off')}
            </Typography.Text>
            {status.required ? <Tag color="blue">{t('twoStep.status.requiredTag')}</Tag> : null}
          </Flex>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
            {enrolled ? t('twoStep.status.onHint') : t('twoStep.status.offHint')} {requirement}
          </Typography.Paragraph>
        </div>
      </Flex>
    </Card>
  );
}

type FactorKind = 'totp' | 'passkey';

interface TwoStepLocationState {
  afterRecoveryCode?: boolean;
}

/** Settings → Security → Two-step verification: authenticator apps, passkeys and recovery codes. */
export function TwoStepPage() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const status = useTwoStepStatus();
  const [lastFactor, setLastFactor] = useState<{ reason: string; kind: FactorKind } | null>(null);
  // "Add another first" opens the add dialog of the kind the user tried to remove.
  const [addAfterExplanation, setAddAfterExplanation] = useState<{ kind: FactorKind; count: number }>({
    kind: 'totp',
    count: 0,
  });
  const afterRecoveryCode = (location.state as TwoStepLocationState | null)?.afterRecoveryCode === true;
  const overdue = isEnrolmentOverdue(me);

  return (
    <Flex vertical gap={20}>
      <PageHeading title={t('twoStep.title')} description={t('twoStep.description')} />
      {overdue ? (
        <Alert
          type="warning"
          showIcon
          data-testid="two-step-enrolment-required"
          title={t('twoStep.enforce.requiredNowTitle')}
          description={t('twoStep.enforce.requiredNowText')}
        />
      ) : null}
      {afterRecoveryCode || me.twoStep?.setupSuggested === true ? (
        <Alert
          type="info"
          showIcon
          data-testid="two-step-after-recovery-code"
          title={t('twoStep.afterRecoveryCode.title')}
          description={t('twoStep.afterRecoveryCode.text')}
        />
      ) : null}
      {me.session.lostFactorRecovery && status.data ? (
        <Alert
          type="warning"
          showIcon
          data-testid="two-step-lost-device"
          title={t('twoStep.lostDevice.title')}
          description={
            <>
              <Typography.Paragraph style={{ margin: '4px 0 8px' }}>
                {status.data.newFactorDelayHours > 0
                  ? t('twoStep.lostDevice.delayed', { count: status.data.newFactorDelayHours })
                  : t('twoStep.lostDevice.immediate')}
              </Typography.Paragraph>
              <Typography.Paragraph style={{ margin: '0 0 12px' }}>
                {t('twoStep.lostDevice.oldMethods')}
              </Typography.Paragraph>
              <Flex gap={8} wrap>
                <Button
                  type="primary"
                  data-testid="lost-device-add-totp"
                  onClick={() => setAddAfterExplanation((previous) => ({ kind: 'totp', count: previous.count + 1 }))}
                >
                  {t('twoStep.lostDevice.addTotp')}
                </Button>
                <Button
                  onClick={() => setAddAfterExplanation((previous) => ({ kind: 'passkey', count: previous.count + 1 }))}
                >
                  {t('twoStep.lostDevice.addPasskey')}
                </Button>
              </Flex>
            </>
          }
        />
      ) : null}
      {status.isPending ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {status.isError ? <Alert type="error" showIcon title={status.error.message} /> : null}
      {status.data ? (
        <>
          <StatusCard status={status.data} />
          <TotpCard
            // A new key re-mounts the card with its add dialog open ("add another first" from the explanation).
            key={`totp-${addAfterExplanation.kind === 'totp' ? addAfterExplanation.count : 0}`}
            factors={status.data.factors.totp}
            onLastFactor={(reason) => setLastFactor({ reason, kind: 'totp' })}
            startOpen={
              (addAfterExplanation.kind === 'totp' && addAfterExplanation.count > 0) ||
              ((overdue || afterRecoveryCode) && !hasAnyFactor(status.data))
            }
          />
          <PasskeysCard
            key={`passkey-${addAfterExplanation.kind === 'passkey' ? addAfterExplanation.count : 0}`}
            factors={status.data.factors.passkeys}
            showBackupHint={passkeysNeedBackup(status.data)}
            onLastFactor={(reason) => setLastFactor({ reason, kind: 'passkey' })}
            startOpen={addAfterExplanation.kind === 'passkey' && addAfterExplanation.count > 0}
          />
          {shouldShowSmsCard(status.data) ? (
            // "Add another first" after a refused removal opens the authenticator app dialog: a stronger factor.
            <SmsCard status={status.data} onLastFactor={(reason) => setLastFactor({ reason, kind: 'totp' })} />
          ) : null}
          {status.data.factors.recoveryCodes ? <RecoveryCodesCard summary={status.data.factors.recoveryCodes} /> : null}
        </>
      ) : null}
      <Modal
        open={lastFactor !== null}
        title={t('twoStep.lastFactor.title')}
        footer={null}
        onCancel={() => setLastFactor(null)}
        width={480}
      >
        <Typography.Paragraph style={{ marginTop: 12 }}>{lastFactor?.reason}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('twoStep.lastFactor.explain')}</Typography.Paragraph>
        <Flex justify="flex-end" gap={8}>
          <Button onClick={() => setLastFactor(null)}>{t('twoStep.lastFactor.keep')}</Button>
          <Button
            type="primary"
            onClick={() => {
              const kind = lastFactor?.kind ?? 'totp';
              setLastFactor(null);
              setAddAfterExplanation((previous) => ({ kind, count: previous.count + 1 }));
            }}
          >
            {t('twoStep.lastFactor.addFirst')}
          </Button>
        </Flex>
      </Modal>
    </Flex>
  );
}
