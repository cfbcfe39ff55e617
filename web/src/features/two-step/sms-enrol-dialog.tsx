import { useMutation } from '@tanstack/react-query';
import { Flex, Form, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStepUp } from '../step-up/step-up-context';
import { FactorCodeField } from './factor-code-field';
import { markCodeInvalid, shownConfirmError, shownError } from './factor-errors';
import { FactorSetupModal } from './factor-setup-modal';
import { SetupStepForm, SetupSteps } from './factor-setup-steps';
import { RecoveryCodesDisplay } from './recovery-codes-display';
import { SmsCodeSender } from './sms-code-sender';
import { twoStepApi, type SmsCodeSent, type SmsNumber } from './two-step-api';
import { useFactorAdded } from './use-factor-added';

interface SmsEnrolDialogProps {
  open: boolean;
  /** Verified mobile numbers without SMS codes yet. */
  numbers: SmsNumber[];
  onClose: () => void;
}

type Stage =
  | { step: 'number' }
  | { step: 'code'; channelId: string; id: string; sent: SmsCodeSent }
  | { step: 'codes'; codes: string[] };

/** Turn on SMS codes: choose a verified number → the code from the text → recovery codes when it is the first factor. */
export function SmsEnrolDialog({ open, numbers, onClose }: SmsEnrolDialogProps) {
  const { t } = useTranslation();
  return (
    <FactorSetupModal open={open} title={t('twoStep.sms.addTitle')} onClose={onClose}>
      {(steps) => <EnrolSteps numbers={numbers} {...steps} />}
    </FactorSetupModal>
  );
}

function EnrolSteps({
  numbers,
  onClose,
  onCodesShown,
}: {
  numbers: SmsNumber[];
  onClose: () => void;
  onCodesShown: () => void;
}) {
  const { t } = useTranslation();
  const withStepUp = useStepUp();
  const [stage, setStage] = useState<Stage>({ step: 'number' });
  const [numberForm] = Form.useForm<{ channelId: string }>();
  const [codeForm] = Form.useForm<{ code: string }>();
  const finish = useFactorAdded({ showCodes: (codes) => setStage({ step: 'codes', codes }), onCodesShown, onClose });

  const start = useMutation({
    mutationFn: (channelId: string) => withStepUp(() => twoStepApi.startSms(channelId)),
    onSuccess: (sent, channelId) => setStage({ step: 'code', channelId, id: sent.id, sent }),
  });
  const confirm = useMutation({
    mutationFn: ({ id, code }: { id: string; code: string }) => withStepUp(() => twoStepApi.confirmSms(id, code)),
    onSuccess: (result) =>
      finish(result, {
        name: result.factor.masked,
        addedText: t('twoStep.sms.added', { number: result.factor.masked }),
      }),
    onError: (error) => markCodeInvalid(codeForm, error, t('twoStep.sms.codeInvalid')),
  });

  return (
    <>
      <SetupSteps
        current={{ number: 0, code: 1, codes: 2 }[stage.step]}
        first={t('twoStep.sms.stepNumber')}
        second={t('twoStep.sms.stepCode')}
      />
      {stage.step === 'number' ? (
        <SetupStepForm<{ channelId: string }>
          form={numberForm}
          name="sms-number"
          initialValues={{ channelId: numbers[0]?.channelId }}
          onFinish={(values) => start.mutate(values.channelId)}
          error={shownError(start.error)}
          submitLabel={t('twoStep.sms.sendCode')}
          submitting={start.isPending}
          onCancel={onClose}
        >
          <Typography.Paragraph type="secondary">{t('twoStep.sms.chooseIntro')}</Typography.Paragraph>
          <Form.Item
            name="channelId"
            label={t('twoStep.sms.numberLabel')}
            rules={[{ required: true, message: t('twoStep.sms.numberRequired') }]}
          >
            <Radio.Group>
              <Flex vertical gap={8}>
                {numbers.map((number) => (
                  <Radio key={number.channelId} value={number.channelId}>
                    <span
                      data-testid="sms-number-option"
                      style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
                    >
                      {number.masked}
                    </span>
                    <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                      {t(number.role === 'primary' ? 'twoStep.sms.primaryNumber' : 'twoStep.sms.backupNumber')}
                    </Typography.Text>
                  </Radio>
                ))}
              </Flex>
            </Radio.Group>
          </Form.Item>
        </SetupStepForm>
      ) : null}
      {stage.step === 'code' ? (
        <SetupStepForm<{ code: string }>
          form={codeForm}
          name="sms-confirm"
          onFinish={(values) => confirm.mutate({ id: stage.id, code: values.code })}
          error={shownConfirmError(confirm.error)}
          submitLabel={t('twoStep.sms.confirm')}
          submitting={confirm.isPending}
          onCancel={onClose}
        >
          <SmsCodeSender
            send={() => withStepUp(() => twoStepApi.startSms(stage.channelId))}
            sent={stage.sent}
            onSent={(sent) => setStage({ ...stage, sent })}
          />
          <FactorCodeField
            id="sms-confirm-code"
            method="sms"
            label={t('twoStep.sms.confirmLabel')}
            size="middle"
            autoFocus
          />
        </SetupStepForm>
      ) : null}
      {stage.step === 'codes' ? <RecoveryCodesDisplay codes={stage.codes} onDone={onClose} /> : null}
    </>
  );
}
