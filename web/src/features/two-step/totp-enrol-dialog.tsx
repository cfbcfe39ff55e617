import { useMutation } from '@tanstack/react-query';
import { Flex, Form, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStepUp } from '../step-up/step-up-context';
import { FactorCodeField } from './factor-code-field';
import { markCodeInvalid, shownConfirmError, shownError } from './factor-errors';
import { FactorNameField } from './factor-name-field';
import { FactorSetupModal } from './factor-setup-modal';
import { SetupStepForm, SetupSteps } from './factor-setup-steps';
import { RecoveryCodesDisplay } from './recovery-codes-display';
import { twoStepApi, type TotpEnrolment } from './two-step-api';
import { useFactorAdded } from './use-factor-added';

interface TotpEnrolDialogProps {
  open: boolean;
  onClose: () => void;
}

type Stage = { step: 'name' } | { step: 'scan'; enrolment: TotpEnrolment } | { step: 'codes'; codes: string[] };

const monospace = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** The manual key in groups of four, easier to type into an app than 32 characters in one run. */
export function groupKey(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/** Add an authenticator app: name it → scan the QR code (or type the key) → confirm a first code → recovery codes. */
export function TotpEnrolDialog({ open, onClose }: TotpEnrolDialogProps) {
  const { t } = useTranslation();
  return (
    <FactorSetupModal open={open} title={t('twoStep.totp.addTitle')} onClose={onClose}>
      {(steps) => <EnrolSteps {...steps} />}
    </FactorSetupModal>
  );
}

function EnrolSteps({ onClose, onCodesShown }: { onClose: () => void; onCodesShown: () => void }) {
  const { t } = useTranslation();
  const withStepUp = useStepUp();
  const [stage, setStage] = useState<Stage>({ step: 'name' });
  const [nameForm] = Form.useForm<{ name: string }>();
  const [codeForm] = Form.useForm<{ code: string }>();
  const finish = useFactorAdded({ showCodes: (codes) => setStage({ step: 'codes', codes }), onCodesShown, onClose });

  const start = useMutation({
    mutationFn: (name: string) => withStepUp(() => twoStepApi.startTotp(name)),
    onSuccess: (enrolment) => setStage({ step: 'scan', enrolment }),
  });
  const confirm = useMutation({
    // The server wants a recent proof for the confirmation too: a long pause on the QR code asks again.
    mutationFn: ({ id, code }: { id: string; code: string }) => withStepUp(() => twoStepApi.confirmTotp(id, code)),
    onSuccess: (result) =>
      finish(result, { name: result.factor.name, addedText: t('twoStep.totp.added', { name: result.factor.name }) }),
    onError: (error) => markCodeInvalid(codeForm, error),
  });

  return (
    <>
      <SetupSteps
        current={{ name: 0, scan: 1, codes: 2 }[stage.step]}
        first={t('twoStep.totp.stepName')}
        second={t('twoStep.totp.stepScan')}
      />
      {stage.step === 'name' ? (
        <SetupStepForm<{ name: string }>
          form={nameForm}
          name="totp-name"
          initialValues={{ name: t('twoStep.totp.defaultName') }}
          onFinish={(values) => start.mutate(values.name.trim())}
          error={shownError(start.error)}
          submitLabel={t('twoStep.totp.continue')}
          submitting={start.isPending}
          onCancel={onClose}
        >
          <Typography.Paragraph type="secondary">{t('twoStep.totp.intro')}</Typography.Paragraph>
          <FactorNameField label={t('twoStep.totp.nameLabel')} extra={t('twoStep.totp.nameHint')} />
        </SetupStepForm>
      ) : null}
      {stage.step === 'scan' ? (
        <SetupStepForm<{ code: string }>
          form={codeForm}
          name="totp-confirm"
          onFinish={(values) => confirm.mutate({ id: stage.enrolment.id, code: values.code })}
          error={shownConfirmError(confirm.error)}
          submitLabel={t('twoStep.totp.confirm')}
          submitting={confirm.isPending}
          onCancel={onClose}
        >
          <ScanInstructions enrolment={stage.enrolment} />
          <FactorCodeField id="totp-confirm-code" method="totp" label={t('twoStep.totp.confirmLabel')} size="middle" />
        </SetupStepForm>
      ) : null}
      {stage.step === 'codes' ? <RecoveryCodesDisplay codes={stage.codes} onDone={onClose} /> : null}
    </>
  );
}

function ScanInstructions({ enrolment }: { enrolment: TotpEnrolment }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const qrSource = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`;
  return (
    <Flex gap={20} align="flex-start" wrap style={{ marginBottom: 16 }}>
      <img
        src={qrSource}
        alt={t('twoStep.totp.qrAlt')}
        width={176}
        height={176}
        data-testid="totp-qr"
        style={{
          flex: '0 0 auto',
          padding: 8,
          background: '#fff',
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadius,
        }}
      />
      <div style={{ flex: '1 1 240px', minWidth: 0 }}>
        <Typography.Paragraph style={{ marginTop: 0 }}>{t('twoStep.totp.scan')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 6 }}>
          {t('twoStep.totp.manual')}
        </Typography.Paragraph>
        <Flex
          align="center"
          gap={4}
          style={{
            padding: '6px 4px 6px 12px',
            background: token.colorFillQuaternary,
            border: `1px solid ${token.colorBorderSecondary}`,
            borderRadius: token.borderRadius,
          }}
        >
          <span
            data-testid="totp-secret"
            style={{ flex: 1, minWidth: 0, fontFamily: monospace, fontSize: 14, lineHeight: 1.7 }}
          >
            {groupKey(enrolment.secret)}
          </span>
          <Typography.Text
            copyable={{
              text: enrolment.secret,
              tooltips: [t('twoStep.totp.copyKey'), t('twoStep.totp.keyCopied')],
            }}
            style={{ padding: '0 6px' }}
          />
        </Flex>
      </div>
    </Flex>
  );
}
