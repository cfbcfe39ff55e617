import { useMutation } from '@tanstack/react-query';
import { Button, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { AuthLayout } from '../../components/auth-layout';
import { ForgotSentStep } from '../account-recovery/forgot-sent-step';
import { isPhoneIdentifier } from '../account-recovery/recovery-api';
import { RequestErrorAlert } from '../account-recovery/request-error-alert';
import { IdentifierField } from './identifier-field';
import { PasskeyRecoveryHint } from './passkey-recovery-hint';

interface ForgotValues {
  identifier: string;
}

/**
 * Forgot password: any verified address of the account (primary or backup e-mail, mobile number) receives a
 * link and a code (a code only by SMS). The answer is the same whether or not the address belongs to an account.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ForgotValues>();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendCount, setResendCount] = useState(0);

  const request = useMutation({
    mutationFn: (identifier: string) =>
      api.post<{ accepted: boolean }>('/auth/password/forgot', { identifier }).then(() => identifier),
    meta: { skipAuthRedirect: true },
    onSuccess: (identifier) => setSentTo(identifier),
  });

  if (sentTo !== null) {
    const isPhone = isPhoneIdentifier(sentTo);
    return (
      <AuthLayout title={t(isPhone ? 'forgot.checkPhoneTitle' : 'forgot.checkEmailTitle')}>
        <ForgotSentStep
          key={sentTo}
          identifier={sentTo}
          onResend={async () => {
            await request.mutateAsync(sentTo);
            setResendCount((count) => count + 1);
          }}
          resendPending={request.isPending}
          resendError={request.error}
          resent={resendCount > 0}
          onUseAnotherAddress={() => {
            request.reset();
            setResendCount(0);
            setSentTo(null);
            form.resetFields();
          }}
        />
        <Flex justify="center" style={{ marginTop: 8 }}>
          <Link to="/login">{t('common.backToSignIn')}</Link>
        </Flex>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('forgot.title')} subtitle={t('forgot.subtitle')}>
      <RequestErrorAlert error={request.error} />
      <Form<ForgotValues>
        form={form}
        name="forgot"
        layout="vertical"
        requiredMark={false}
        initialValues={{ identifier: '' }}
        onFinish={(values) => request.mutate(values.identifier.trim())}
      >
        <IdentifierField purpose="recovery" extra={t('forgot.identifierHint')} />
        <Button type="primary" htmlType="submit" size="large" block loading={request.isPending}>
          {t('forgot.submit')}
        </Button>
      </Form>
      <PasskeyRecoveryHint />
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: 20, marginBottom: 12 }}>
        {t('forgot.lockedHint')} <Link to="/unlock-request">{t('forgot.lockedLink')}</Link>
      </Typography.Paragraph>
      <Flex justify="center">
        <Link to="/login">{t('common.backToSignIn')}</Link>
      </Flex>
    </AuthLayout>
  );
}
