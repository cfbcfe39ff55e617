import { ArrowLeftOutlined, MailOutlined, MobileOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { AdminContact } from './admin-contact';
import { CodeField } from './code-field';
import type { LinkProblem, MaskedChannel, ValidResetInspection } from './recovery-api';
import { retryMinutesOf, tokenProblemOf } from './recovery-api';
import { SecondFactorOptions, type ResetFactorMethod } from './second-factor-options';
import { useCountdown } from './use-countdown';

const RESEND_SECONDS = 60;

interface SecondProofStepProps {
  token: string;
  inspection: ValidResetInspection;
  onVerified: () => void;
  onLinkProblem: (problem: LinkProblem) => void;
  /** A factor was chosen (passkey, authenticator or recovery code): it is asked for together with the new password. */
  onChooseFactor: (method: ResetFactorMethod) => void;
}

interface CodeValues {
  code: string;
}

function ChannelLabel({ channel }: { channel: MaskedChannel }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} align="center">
      {channel.kind === 'phone' ? <MobileOutlined /> : <MailOutlined />}
      <span>{t(channel.kind === 'phone' ? 'reset.second.viaPhone' : 'reset.second.viaEmail')}</span>
      <Typography.Text strong>{channel.masked}</Typography.Text>
    </Flex>
  );
}

/**
 * The account has more protection than one mailbox: prove a second, different channel (e-mail ↔ phone) or
 * a factor — or learn who can help when none is left.
 */
export function SecondProofStep({
  token,
  inspection,
  onVerified,
  onLinkProblem,
  onChooseFactor,
}: SecondProofStepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CodeValues>();
  const { channels, methods } = inspection.secondProof;
  const [channelId, setChannelId] = useState<string | undefined>(channels[0]?.id);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [showAdmins, setShowAdmins] = useState(channels.length === 0 && methods.length === 0);
  const countdown = useCountdown();

  const send = useMutation({
    mutationFn: (id: string) =>
      api.post<{ sent: boolean; masked: string }>('/auth/password/reset/second-channel', { token, channelId: id }),
    meta: { skipAuthRedirect: true },
    onSuccess: (result) => {
      setSentTo(result.masked);
      form.resetFields();
      countdown.restart(RESEND_SECONDS);
    },
    onError: (error) => {
      const problem = tokenProblemOf(error);
      if (problem) {
        onLinkProblem(problem);
      } else if (isApiError(error) && error.code === 'resend_too_soon') {
        countdown.restart(error.retryAfterSeconds ?? RESEND_SECONDS);
      }
    },
  });
  const verify = useMutation({
    mutationFn: (values: CodeValues) =>
      api.post<{ ok: boolean }>('/auth/password/reset/second-channel/verify', { token, code: values.code }),
    meta: { skipAuthRedirect: true },
    onSuccess: onVerified,
    onError: (error) => {
      const problem = tokenProblemOf(error);
      if (problem) {
        onLinkProblem(problem);
      } else if (isApiError(error) && error.code.startsWith('code_')) {
        form.setFields([{ name: 'code', errors: [error.message], value: '' }]);
      }
    },
  });

  if (showAdmins) {
    return (
      <>
        {channels.length === 0 && methods.length === 0 ? (
          <Alert type="info" showIcon title={t('reset.second.noOtherWay')} style={{ marginBottom: 20 }} />
        ) : null}
        <AdminContact orgName={inspection.orgName} admins={inspection.admins} />
        {channels.length > 0 || methods.length > 0 ? (
          <Button icon={<ArrowLeftOutlined />} block onClick={() => setShowAdmins(false)}>
            {t('reset.second.backToOptions')}
          </Button>
        ) : null}
      </>
    );
  }

  const sendError = send.error && !tokenProblemOf(send.error) ? send.error : null;
  const sendErrorMinutes = retryMinutesOf(sendError);
  const verifyError =
    verify.error &&
    !tokenProblemOf(verify.error) &&
    !(isApiError(verify.error) && verify.error.code.startsWith('code_'))
      ? verify.error
      : null;

  return (
    <>
      <Typography.Paragraph>{t('reset.second.intro')}</Typography.Paragraph>
      <SecondFactorOptions
        methods={methods}
        token={token}
        onVerified={onVerified}
        onChooseFactor={onChooseFactor}
        channelsFollow={channels.length > 0}
      />
      {channels.length > 0 ? (
        <>
          <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
            {t('reset.second.chooseChannel')}
          </Typography.Text>
          {methods.length > 0 ? (
            <Typography.Paragraph type="secondary" data-testid="reset-lost-device-hint" style={{ fontSize: 13 }}>
              {t('twoStep.reset.lostDeviceHint')}
            </Typography.Paragraph>
          ) : null}
          <Radio.Group
            value={channelId}
            onChange={(event) => setChannelId(String(event.target.value))}
            style={{ display: 'flex', flexDirection: 'column', gap: 8, marginBottom: 16 }}
          >
            {channels.map((channel) => (
              <Radio key={channel.id} value={channel.id}>
                <ChannelLabel channel={channel} />
              </Radio>
            ))}
          </Radio.Group>
          {sendError ? (
            <Alert
              type={isApiError(sendError) && sendError.code === 'resend_too_soon' ? 'warning' : 'error'}
              showIcon
              role="alert"
              title={
                sendErrorMinutes === null ? sendError.message : t('forgot.tooManyRequests', { count: sendErrorMinutes })
              }
              style={{ marginBottom: 16 }}
            />
          ) : null}
          {sentTo === null ? (
            <Button
              type="primary"
              size="large"
              block
              disabled={channelId === undefined || countdown.secondsLeft > 0}
              loading={send.isPending}
              onClick={() => channelId && send.mutate(channelId)}
            >
              {countdown.secondsLeft > 0
                ? t('forgot.resendIn', { seconds: countdown.secondsLeft })
                : t('reset.second.sendCode')}
            </Button>
          ) : (
            <Form<CodeValues>
              form={form}
              name="second-proof"
              layout="vertical"
              requiredMark={false}
              onFinish={(values) => verify.mutate(values)}
            >
              <Alert
                type="success"
                showIcon
                role="status"
                title={t('reset.second.sent', { masked: sentTo })}
                style={{ marginBottom: 16 }}
              />
              <CodeField id="second-proof-code" label={t('reset.second.codeLabel')} autoFocus />
              {verifyError ? (
                <Alert type="error" showIcon role="alert" title={verifyError.message} style={{ marginBottom: 16 }} />
              ) : null}
              <Button type="primary" htmlType="submit" size="large" block loading={verify.isPending}>
                {t('reset.second.verify')}
              </Button>
              <Flex justify="center" style={{ marginTop: 8 }}>
                <Button
                  type="link"
                  size="small"
                  disabled={countdown.secondsLeft > 0 || channelId === undefined}
                  loading={send.isPending}
                  onClick={() => channelId && send.mutate(channelId)}
                >
                  {countdown.secondsLeft > 0
                    ? t('forgot.resendIn', { seconds: countdown.secondsLeft })
                    : t('forgot.resend')}
                </Button>
              </Flex>
            </Form>
          )}
        </>
      ) : null}
      <Flex justify="center" style={{ marginTop: 12 }}>
        <Button type="link" onClick={() => setShowAdmins(true)}>
          {t('reset.second.cannotUse')}
        </Button>
      </Flex>
    </>
  );
}
