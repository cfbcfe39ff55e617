import { MailOutlined, MobileOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Collapse, Flex, Form, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client';
import { CodeField } from './code-field';
import { LinkOriginNote } from './link-origin-note';
import { isPhoneIdentifier, retryMinutesOf } from './recovery-api';
import { useCountdown } from './use-countdown';

export const RESEND_SECONDS = 60;

interface ForgotSentStepProps {
  identifier: string;
  /** Sends the same request again; resolves once the server accepted it. */
  onResend: () => Promise<unknown>;
  resendPending: boolean;
  resendError: Error | null;
  resent: boolean;
  onUseAnotherAddress: () => void;
}

interface CodeValues {
  code: string;
}

/** After "send": a neutral confirmation, the code form, "send again" after a minute, and help for a lost address. */
export function ForgotSentStep({
  identifier,
  onResend,
  resendPending,
  resendError,
  resent,
  onUseAnotherAddress,
}: ForgotSentStepProps) {
  const { t } = useTranslation();
  const { token: themeToken } = theme.useToken();
  const [form] = Form.useForm<CodeValues>();
  const navigate = useNavigate();
  const countdown = useCountdown(RESEND_SECONDS);
  const isPhone = isPhoneIdentifier(identifier);

  const redeem = useMutation({
    mutationFn: (values: CodeValues) =>
      api.post<{ token: string }>('/auth/password/reset/code', { identifier, code: values.code }),
    meta: { skipAuthRedirect: true },
    onSuccess: ({ token }) => {
      // The ticket continues in the same flow as the mailed link; it travels in history state, never in the URL.
      void navigate('/reset', { state: { token, identifier } });
    },
    onError: (error) => {
      if (isApiError(error) && (error.code === 'code_invalid' || error.code === 'code_expired')) {
        form.setFields([{ name: 'code', errors: [error.message], value: '' }]);
      }
    },
  });

  const resend = () => {
    void onResend().then(() => {
      form.resetFields();
      countdown.restart(RESEND_SECONDS);
    });
  };

  // Wrong and expired codes show on the field; anything else (e.g. too many requests) in a banner.
  const redeemError =
    redeem.error && !(isApiError(redeem.error) && redeem.error.code.startsWith('code_')) ? redeem.error : null;
  const redeemBlockedMinutes = retryMinutesOf(redeemError);
  const resendBlockedMinutes = retryMinutesOf(resendError);

  return (
    <>
      <Flex gap={14} align="flex-start" style={{ marginBottom: 20 }}>
        <span style={{ fontSize: 28, lineHeight: 1, color: themeToken.colorPrimary }}>
          {isPhone ? <MobileOutlined /> : <MailOutlined />}
        </span>
        <Typography.Paragraph style={{ margin: 0 }} data-testid="forgot-sent">
          {t(isPhone ? 'forgot.sentPhone' : 'forgot.sentEmail', { identifier })}{' '}
          <Typography.Text type="secondary">{t('forgot.sentValidity')}</Typography.Text>
        </Typography.Paragraph>
      </Flex>
      {isPhone ? null : <LinkOriginNote variant="box" />}
      {resent && !resendError ? (
        <Alert type="success" showIcon role="status" title={t('forgot.resent')} style={{ marginBottom: 16 }} />
      ) : null}
      {resendError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={
            resendBlockedMinutes === null
              ? resendError.message
              : t('forgot.tooManyRequests', { count: resendBlockedMinutes })
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form<CodeValues>
        form={form}
        name="forgot-code"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => redeem.mutate(values)}
      >
        <CodeField id="forgot-code-input" label={t(isPhone ? 'forgot.codeLabelPhone' : 'forgot.codeLabelEmail')} />
        {redeemError ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={
              redeemBlockedMinutes === null
                ? redeemError.message
                : t('forgot.tooManyRequests', { count: redeemBlockedMinutes })
            }
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Button type="primary" htmlType="submit" size="large" block loading={redeem.isPending}>
          {t('forgot.continue')}
        </Button>
      </Form>
      <Flex justify="center" align="center" gap={4} wrap style={{ marginTop: 16 }}>
        <Typography.Text type="secondary">{t('forgot.notReceived')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={countdown.secondsLeft > 0}
          loading={resendPending}
          onClick={resend}
          data-testid="forgot-resend"
        >
          {countdown.secondsLeft > 0 ? t('forgot.resendIn', { seconds: countdown.secondsLeft }) : t('forgot.resend')}
        </Button>
      </Flex>
      <Collapse
        ghost
        size="small"
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'lost',
            label: (
              <Typography.Text>
                <QuestionCircleOutlined style={{ marginInlineEnd: 8 }} />
                {t('forgot.lostAccess')}
              </Typography.Text>
            ),
            children: (
              <>
                <Typography.Paragraph>{t('forgot.lostAccessBackup')}</Typography.Paragraph>
                <Button block onClick={onUseAnotherAddress} style={{ marginBottom: 12 }}>
                  {t('forgot.useAnotherAddress')}
                </Button>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  {t('forgot.lostAccessAdmin')}
                </Typography.Paragraph>
              </>
            ),
          },
        ]}
      />
    </>
  );
}
