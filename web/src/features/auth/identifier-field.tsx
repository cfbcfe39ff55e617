import { UserOutlined } from '@ant-design/icons';
import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface IdentifierFieldProps {
  /** `recovery` (forgot password, unlock request) also refuses more than 254 characters, the longest address. */
  purpose: 'sign-in' | 'recovery';
  extra?: ReactNode;
  /** The sign-in form adds "webauthn", so the browser offers passkeys in this field too. */
  autoComplete?: string;
}

/** The "e-mail or mobile number" field (form name `identifier`) of the sign-in and recovery forms. */
export function IdentifierField({ purpose, extra, autoComplete = 'username' }: IdentifierFieldProps) {
  const { t } = useTranslation();
  const isRecovery = purpose === 'recovery';
  return (
    <Form.Item
      label={t(isRecovery ? 'forgot.identifier' : 'login.identifier')}
      name="identifier"
      extra={extra}
      rules={[
        {
          required: true,
          whitespace: true,
          message: t(isRecovery ? 'forgot.identifierRequired' : 'login.identifierRequired'),
        },
        ...(isRecovery ? [{ max: 254, message: t('forgot.identifierTooLong') }] : []),
      ]}
    >
      <Input
        size="large"
        autoComplete={autoComplete}
        autoFocus
        prefix={<UserOutlined />}
        placeholder={t('login.identifierPlaceholder')}
      />
    </Form.Item>
  );
}
