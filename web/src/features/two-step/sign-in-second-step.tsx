import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { FactorCodeField } from './factor-code-field';
import { SmsCodeSender } from './sms-code-sender';
import type { CodeMethod, MfaChallenge, SmsCodeSent } from './two-step-api';
import { normalizeRecoveryCode, throttledText, twoStepApi } from './two-step-api';

interface SecondStepValues {
  code: string;
}

export interface SignInSecondStepProps {
  challenge: MfaChallenge;
  /** Signed in: the session cookie is set; `method` says which factor did it. */
  onSignedIn: (me: Me, method: CodeMethod | 'passkey') => void;
  /** The challenge is gone (expired, used, another network): start again at the password with this message. */
  onRestart: (message: string) => void;
  /** The passkey option, rendered when the account has a passkey; it gets the "trust this browser" choice. */
  passkey?: (options: { trustBrowser: boolean }) => ReactNode;
}

/** Errors that end the second step: the password has to be entered again. */
export function isChallengeGone(error: unknown): boolean {
  return isApiError(error) && error.code === 'mfa_challenge_invalid';
}

/** "Use a recovery code instead", "Text me a code instead", … */
const switchLabel: Record<CodeMethod, string> = {
  totp: 'twoStep.signIn.useTotp',
  sms: 'twoStep.signIn.useSms',
  recovery_code: 'twoStep.signIn.useRecoveryCode',
};

const introKey: Record<CodeMethod, string> = {
  totp: 'twoStep.signIn.totpIntro',
  sms: 'twoStep.signIn.smsIntro',
  recovery_code: 'twoStep.signIn.recoveryIntro',
};

/**
 * The second step of signing in: a code from the authenticator app, a code by text message (only after "Text me a
 * code"), or a recovery code; a passkey when there is one. No session exists until this succeeds.
 */
export function SignInSecondStep({ challenge, onSignedIn, onRestart, passkey }: SignInSecondStepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SecondStepValues>();
  const codeMethods = challenge.methods.filter((method): method is CodeMethod => method !== 'passkey');
  const [method, setMethod] = useState<CodeMethod | undefined>(codeMethods[0]);
  const [smsSent, setSmsSent] = useState<SmsCodeSent | null>(null);
  const trustBrowserDays = challenge.trustBrowserDays ?? 0;
  // One choice for every way of finishing the step: code or passkey.
  const [trustBrowser, setTrustBrowser] = useState(false);

  const verify = useMutation({
    mutationFn: (values: SecondStepValues & { method: CodeMethod }) =>
      api.post<Me>('/auth/mfa', {
        challenge: challenge.challenge,
        method: values.method,
        code: values.method === 'recovery_code' ? normalizeRecoveryCode(values.code) : values.code,
        ...(trustBrowserDays > 0 ? { trustBrowser } : {}),
      }),
    meta: { skipAuthRedirect: true },
    onSuccess: (me, values) => onSignedIn(me, values.method),
    onError: (error, values) => {
      if (isChallengeGone(error)) {
        onRestart(error.message);
      } else if (isApiError(error) && error.code === 'mfa_code_invalid') {
        // The server's text talks about the phone's clock (authenticator apps); a texted code has its own.
        const text = values.method === 'sms' ? t('twoStep.sms.codeInvalid') : error.message;
        form.setFields([{ name: 'code', value: '', errors: [text] }]);
      }
    },
  });

  const switchTo = (next: CodeMethod) => {
    setMethod(next);
    verify.reset();
    form.setFields([{ name: 'code', value: '', errors: [] }]);
  };

  let bannerText: string | null = null;
  if (verify.error && !(isApiError(verify.error) && verify.error.code === 'mfa_code_invalid')) {
    bannerText = throttledText(verify.error, t, true) ?? verify.error.message;
  }
  const others = codeMethods.filter((candidate) => candidate !== method);
  // A texted code is typed only once one was sent.
  const showCodeForm = method !== 'sms' || smsSent !== null;

  return (
    <div data-testid="sign-in-second-step">
      <Typography.Paragraph type="secondary">
        {passkey
          ? t(method ? `passkeys.secondStep.introWith.${method}` : 'passkeys.secondStep.intro')
          : t(introKey[method ?? 'totp'])}
      </Typography.Paragraph>
      {bannerText ? <Alert type="error" showIcon role="alert" title={bannerText} style={{ marginBottom: 16 }} /> : null}
      {passkey ? (
        <>
          {passkey({ trustBrowser: trustBrowserDays > 0 && trustBrowser })}
          {method ? (
            <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', margin: '12px 0' }}>
              {t('twoStep.signIn.or')}
            </Typography.Text>
          ) : null}
        </>
      ) : null}
      {method === 'sms' ? (
        <SmsCodeSender
          send={() => twoStepApi.sendSignInSms(challenge.challenge)}
          sent={smsSent}
          onSent={setSmsSent}
          onFatalError={(error) => {
            if (isChallengeGone(error) && isApiError(error)) {
              onRestart(error.message);
              return true;
            }
            return false;
          }}
          signingIn
          prominent
        />
      ) : null}
      {method !== undefined && showCodeForm ? (
        <Form<SecondStepValues>
          form={form}
          name="second-step"
          layout="vertical"
          requiredMark={false}
          initialValues={{ code: '' }}
          onFinish={(values) => verify.mutate({ ...values, method })}
        >
          <FactorCodeField key={method} id="second-step-code" method={method} autoFocus />
          <Button type="primary" htmlType="submit" size="large" block loading={verify.isPending}>
            {t('twoStep.signIn.submit')}
          </Button>
        </Form>
      ) : null}
      {trustBrowserDays > 0 ? (
        <div style={{ marginTop: 16 }}>
          <Checkbox checked={trustBrowser} onChange={(event) => setTrustBrowser(event.target.checked)}>
            {t('twoStep.signIn.trustBrowser', { count: trustBrowserDays })}
          </Checkbox>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '4px 0 0 24px' }}>
            {t('twoStep.signIn.trustBrowserHint')}
          </Typography.Paragraph>
        </div>
      ) : null}
      <Flex vertical align="center" gap={4} style={{ marginTop: 16 }}>
        {others.map((other) => (
          <Button key={other} type="link" onClick={() => switchTo(other)}>
            {t(switchLabel[other])}
          </Button>
        ))}
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => onRestart('')}>
          {t('twoStep.signIn.back')}
        </Button>
      </Flex>
    </div>
  );
}
