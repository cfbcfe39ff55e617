import { Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordContext } from '../api/types';
import { suggestPassphrase } from './passphrase';
import { StrengthMeter } from './strength-meter';

interface NewPasswordFieldsProps {
  /** Form field name of the new password; the confirmation is `${name}Confirm`. */
  name?: string;
  context?: PasswordContext;
  /** Offers a generated passphrase under the meter. */
  offerSuggestion?: boolean;
  idPrefix: string;
}

/** New password + confirmation with the strength meter; both use autoComplete="new-password". */
export function NewPasswordFields({
  name = 'password',
  context,
  offerSuggestion = false,
  idPrefix,
}: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const password = (Form.useWatch(name, form) as string | undefined) ?? '';
  const [suggestion, setSuggestion] = useState<string | null>(null);
  const confirmName = `${name}Confirm`;

  const useSuggestion = () => {
    if (suggestion) {
      form.setFieldsValue({ [name]: suggestion, [confirmName]: suggestion });
      void form.validateFields([name, confirmName]);
    }
  };

  const suggestionBlock = offerSuggestion ? (
    <div style={{ marginTop: 8 }}>
      {suggestion ? (
        <Space wrap size="small">
          <Typography.Text code copyable data-testid="passphrase-suggestion">
            {suggestion}
          </Typography.Text>
          <Button size="small" onClick={useSuggestion}>
            {t('password.useSuggestion')}
          </Button>
          <Button size="small" type="link" onClick={() => setSuggestion(suggestPassphrase())}>
            {t('password.anotherSuggestion')}
          </Button>
        </Space>
      ) : (
        <Button size="small" type="dashed" onClick={() => setSuggestion(suggestPassphrase())}>
          {t('password.suggest')}
        </Button>
      )}
    </div>
  ) : null;

  return (
    <>
      <Form.Item
        label={t('password.new')}
        name={name}
        htmlFor={`${idPrefix}-new-password`}
        rules={[{ required: true, message: t('password.required') }]}
        extra={
          // Re-rendered on every form change, so it sees errors the server put on the field.
          <Form.Item noStyle shouldUpdate>
            {() => (
              <StrengthMeter
                password={password}
                {...(context ? { context } : {})}
                extra={suggestionBlock}
                showProblems={form.getFieldError(name).length === 0}
              />
            )}
          </Form.Item>
        }
      >
        <Input.Password id={`${idPrefix}-new-password`} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('password.confirm')}
        name={confirmName}
        htmlFor={`${idPrefix}-confirm-password`}
        dependencies={[name]}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_rule, value: unknown) =>
              !value || getFieldValue(name) === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password id={`${idPrefix}-confirm-password`} autoComplete="new-password" />
      </Form.Item>
    </>
  );
}

/** Tells password managers which account a new password belongs to. */
export function HiddenUsernameField({ value }: { value: string }) {
  return (
    <input
      type="text"
      name="username"
      autoComplete="username"
      value={value}
      readOnly
      hidden
      aria-hidden="true"
      tabIndex={-1}
    />
  );
}
