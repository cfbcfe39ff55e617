import { useMutation } from '@tanstack/react-query';
import { Button, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/form-errors';
import { useCountdown } from '../account-recovery/use-countdown';
import { recoveryApi, type RecoveryChannel } from './recovery-queries';

const RESEND_SECONDS = 60;
const CODE_ERRORS = new Set(['code_invalid', 'code_expired', 'validation_failed']);

interface CodeStepProps {
  channelId: string;
  address: string;
  /** Seconds until "send again" is allowed; 60 right after a code went out. */
  resendAfter: number;
  onVerified: (channel: RecoveryChannel) => void;
  onCancel: () => void;
}

/** "We sent a code to …": the code field, and sending a new code once a minute has passed. */
export function CodeStep({ channelId, address, resendAfter, onVerified, onCancel }: CodeStepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  const countdown = useCountdown(resendAfter);

  const verify = useMutation({
    mutationFn: (code: string) => recoveryApi.verifyChannel(channelId, code),
    onSuccess: onVerified,
    onError: (error) => {
      if (isApiError(error) && CODE_ERRORS.has(error.code)) {
        form.setFields([{ name: 'code', errors: [error.message], value: '' }]);
      }
    },
  });
  const resend = useMutation({
    mutationFn: () => recoveryApi.sendCode(channelId),
    onSuccess: () => {
      countdown.restart(RESEND_SECONDS);
      form.setFields([{ name: 'code', errors: [], value: '' }]);
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'resend_too_soon') {
        countdown.restart(error.retryAfterSeconds ?? RESEND_SECONDS);
      }
    },
  });

  const verifyError =
    verify.error && !(isApiError(verify.error) && CODE_ERRORS.has(verify.error.code)) ? verify.error : null;
  const resendError =
    resend.error && !(isApiError(resend.error) && resend.error.code === 'resend_too_soon') ? resend.error : null;

  return (
    <Form<{ code: string }>
      form={form}
      name="recovery-code"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => verify.mutate(values.code)}
    >
      <Typography.Paragraph>
        {t('recoverySettings.code.sentTo')}{' '}
        <Typography.Text strong data-testid="code-destination">
          {address}
        </Typography.Text>
      </Typography.Paragraph>
      <Form.Item
        label={t('recoverySettings.code.label')}
        name="code"
        extra={t('recoverySettings.code.hint')}
        normalize={(value: string) => value.replace(/\D/g, '').slice(0, 8)}
        rules={[
          { required: true, message: t('recoverySettings.code.required') },
          { pattern: /^\d{6,8}$/, message: t('recoverySettings.code.format') },
        ]}
      >
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={8}
          autoFocus
          placeholder="••••••"
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', letterSpacing: '0.3em' }}
        />
      </Form.Item>
      <FormErrorAlert error={verifyError ?? resendError} />
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Button
          type="link"
          style={{ paddingInline: 0 }}
          disabled={countdown.secondsLeft > 0}
          loading={resend.isPending}
          onClick={() => resend.mutate()}
          data-testid="resend-code"
        >
          {countdown.secondsLeft > 0
            ? t('recoverySettings.code.resendIn', { seconds: countdown.secondsLeft })
            : t('recoverySettings.code.resend')}
        </Button>
        <Flex gap={8}>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={verify.isPending}>
            {t('recoverySettings.code.submit')}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}
