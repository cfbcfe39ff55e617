import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Longest factor name the forms accept (the server allows a little more). */
export const FACTOR_NAME_MAX = 60;

interface FactorNameFieldProps {
  label: string;
  /** Shown under the field, e.g. why a name helps. */
  extra?: ReactNode;
  disabled?: boolean;
}

/** "Name this device" (authenticator app, passkey), when adding one or renaming it; the form field is `name`. */
export function FactorNameField({ label, extra, disabled }: FactorNameFieldProps) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={label}
      name="name"
      extra={extra}
      rules={[
        { required: true, whitespace: true, message: t('twoStep.totp.nameRequired') },
        { max: FACTOR_NAME_MAX, message: t('twoStep.totp.nameTooLong', { max: FACTOR_NAME_MAX }) },
      ]}
    >
      <Input maxLength={FACTOR_NAME_MAX} autoComplete="off" autoFocus disabled={disabled} />
    </Form.Item>
  );
}
