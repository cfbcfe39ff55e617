import { MessageOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useCountdown } from '../account-recovery/use-countdown';
import { throttledText, type SmsCodeSent } from './two-step-api';

interface SmsCodeSenderProps {
  /** Asks the server to text a code (bound to the sign-in challenge or to this session). */
  send: () => Promise<SmsCodeSent>;
  /** The last code sent, owned by the form around it (which shows the code field once there is one). */
  sent: SmsCodeSent | null;
  onSent: (sent: SmsCodeSent) => void;
  /** An error that ends the attempt (the sign-in challenge is gone); return true when it was handled. */
  onFatalError?: (error: unknown) => boolean;
  /** On the sign-in page a 401 means "start again", not "your session ended". */
  signingIn?: boolean;
  /** The first "Text me a code" is the main action of the sign-in step, a secondary one in a dialog. */
  prominent?: boolean;
}

/**
 * "Text me a code", then where it went (masked) and "send a new code" after the server's pause. Never sends on its
 * own: a text costs money and the person may prefer another method.
 */
export function SmsCodeSender({
  send,
  sent,
  onSent,
  onFatalError,
  signingIn = false,
  prominent = false,
}: SmsCodeSenderProps) {
  const { t } = useTranslation();
  // Mounted after a code already went out (the enrolment's first text): the pause starts now.
  const countdown = useCountdown(sent?.resendAfterSeconds ?? 0);
  const request = useMutation({
    mutationFn: send,
    meta: { skipAuthRedirect: signingIn },
    onSuccess: (result) => {
      countdown.restart(result.resendAfterSeconds);
      onSent(result);
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'resend_too_soon') {
        countdown.restart(error.retryAfterSeconds ?? 60);
        return;
      }
      onFatalError?.(error);
    },
  });

  const error =
    request.error && !(isApiError(request.error) && request.error.code === 'resend_too_soon') ? request.error : null;
  const errorText = error ? (throttledText(error, t) ?? error.message) : null;
  const errorAlert = errorText ? (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorText}
      style={{ margin: '12px 0' }}
      data-testid="sms-send-error"
    />
  ) : null;

  if (!sent) {
    return (
      <>
        <Button
          type={prominent ? 'primary' : 'default'}
          size={prominent ? 'large' : 'middle'}
          block={prominent}
          icon={<MessageOutlined />}
          loading={request.isPending}
          onClick={() => request.mutate()}
          data-testid="sms-send"
          style={prominent ? undefined : { marginBottom: 16 }}
        >
          {t('twoStep.sms.send')}
        </Button>
        {errorAlert}
      </>
    );
  }
  return (
    <div data-testid="sms-sent" style={{ marginBottom: 12 }}>
      <Flex gap={4} align="baseline" wrap>
        <Typography.Text>{t('twoStep.sms.sentTo', { number: sent.masked })}</Typography.Text>
        <Button
          type="link"
          size="small"
          style={{ padding: 0, height: 'auto' }}
          disabled={countdown.secondsLeft > 0 || request.isPending}
          onClick={() => request.mutate()}
          data-testid="sms-resend"
        >
          {countdown.secondsLeft > 0
            ? t('twoStep.sms.resendIn', { seconds: countdown.secondsLeft })
            : t('twoStep.sms.resend')}
        </Button>
      </Flex>
      {errorAlert}
    </div>
  );
}
