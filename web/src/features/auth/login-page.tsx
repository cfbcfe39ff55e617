import { LockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Flex, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { AuthLayout } from '../../components/auth-layout';
import { LinkOriginNote } from '../account-recovery/link-origin-note';
import { PasskeySecondStep } from '../two-step/passkey-second-step';
import { SignInSecondStep } from '../two-step/sign-in-second-step';
import { TWO_STEP_PATH, type MfaChallenge } from '../two-step/two-step-api';
import { IdentifierField } from './identifier-field';
import { PasskeySignIn } from './passkey-sign-in';
import { storeSession, useSession } from './session-queries';

interface LoginValues {
  identifier: string;
  password: string;
  remember: boolean;
}

interface LoginLocationState {
  from?: string;
  expired?: boolean;
  /** Prefills the identifier (e.g. after a recovery link set the password of an account that still has two-step). */
  identifier?: string;
  /** An i18n key shown as a success note above the form (what the previous page just did). */
  notice?: string;
}

function safeReturnPath(from: string | undefined): string {
  // Only same-app paths: "//evil.example" would leave the site.
  return from && from.startsWith('/') && !from.startsWith('//') && from !== '/login' ? from : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginValues>();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const session = useSession();
  const state = (location.state ?? {}) as LoginLocationState;
  const returnPath = safeReturnPath(state.from);
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const [restartMessage, setRestartMessage] = useState<string | null>(null);

  const finishSignIn = (me: Me, afterRecoveryCode = false) => {
    storeSession(queryClient, me);
    // A recovery code was spent because a device is missing: go straight to setting up a new factor.
    const suggested = afterRecoveryCode || me.twoStep?.setupSuggested === true;
    void navigate(suggested ? TWO_STEP_PATH : returnPath, {
      replace: true,
      ...(suggested ? { state: { afterRecoveryCode: true } } : {}),
    });
  };

  const login = useMutation({
    mutationFn: (values: LoginValues) =>
      api.post<Me | MfaChallenge>('/auth/login', {
        identifier: values.identifier.trim(),
        password: values.password,
        remember: values.remember,
      }),
    meta: { skipAuthRedirect: true },
    onSuccess: (result) => {
      setRestartMessage(null);
      if ('mfaRequired' in result) {
        setChallenge(result);
        return;
      }
      finishSignIn(result);
    },
    onError: () => form.setFieldValue('password', ''),
  });

  if (challenge) {
    const restart = (message: string) => {
      setChallenge(null);
      login.reset();
      form.setFieldValue('password', '');
      setRestartMessage(message === '' ? null : message);
    };
    return (
      <AuthLayout title={t('twoStep.signIn.title')} subtitle={t('twoStep.signIn.subtitle')}>
        <SignInSecondStep
          challenge={challenge}
          onSignedIn={(me, method) => finishSignIn(me, method === 'recovery_code')}
          onRestart={restart}
          passkey={
            challenge.methods.includes('passkey')
              ? ({ trustBrowser }) => (
                  <PasskeySecondStep
                    challenge={challenge}
                    trustBrowser={trustBrowser}
                    onSignedIn={(me) => finishSignIn(me)}
                    onRestart={restart}
                  />
                )
              : undefined
          }
        />
      </AuthLayout>
    );
  }

  if (session.data && !login.isPending) {
    return <Navigate to={returnPath} replace />;
  }

  let errorText: string | null = null;
  if (login.error) {
    if (isApiError(login.error) && login.error.status === 429) {
      const minutes = Math.max(1, Math.ceil((login.error.retryAfterSeconds ?? 60) / 60));
      errorText = t('login.tooManyAttempts', { count: minutes });
    } else {
      errorText = login.error.message;
    }
  }

  return (
    <AuthLayout title={t('login.title')} subtitle={t('login.subtitle')}>
      {restartMessage && !login.error ? (
        <Alert type="warning" showIcon role="alert" title={restartMessage} style={{ marginBottom: 16 }} />
      ) : null}
      {state.notice && !login.error && !restartMessage ? (
        <Alert type="success" showIcon title={t(state.notice)} style={{ marginBottom: 16 }} />
      ) : null}
      {state.expired && !login.error && !restartMessage ? (
        <Alert type="info" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} />
      ) : null}
      {errorText ? <Alert type="error" showIcon role="alert" title={errorText} style={{ marginBottom: 16 }} /> : null}
      <Form<LoginValues>
        form={form}
        name="login"
        layout="vertical"
        requiredMark={false}
        initialValues={{ identifier: state.identifier ?? '', password: '', remember: false }}
        onFinish={(values) => login.mutate(values)}
      >
        <IdentifierField purpose="sign-in" autoComplete="username webauthn" />
        <Form.Item
          label={t('login.password')}
          name="password"
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password size="large" autoComplete="current-password" prefix={<LockOutlined />} />
        </Form.Item>
        <Flex justify="space-between" align="center" style={{ marginBottom: 24 }}>
          <Form.Item name="remember" valuePropName="checked" noStyle>
            <Checkbox>{t('login.remember')}</Checkbox>
          </Form.Item>
          <Link to="/forgot">{t('login.forgot')}</Link>
        </Flex>
        <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
          {t('login.submit')}
        </Button>
      </Form>
      <PasskeySignIn
        rememberOf={() => form.getFieldValue('remember') === true}
        onSignedIn={(me) => finishSignIn(me)}
        onStart={() => {
          login.reset();
          setRestartMessage(null);
        }}
        paused={login.isPending}
      />
      <Flex justify="center" style={{ marginTop: 20 }}>
        <Link to="/unlock-request">{t('login.unlock')}</Link>
      </Flex>
      <LinkOriginNote />
    </AuthLayout>
  );
}
