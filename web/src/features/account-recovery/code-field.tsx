import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

interface CodeFieldProps {
  /** Field id, unique on the page (the label points at it). */
  id: string;
  label: string;
  name?: string;
  autoFocus?: boolean;
}

/** A 6–8 digit one-time code: numeric keypad on phones, and the browser may offer the code from an SMS. */
export function CodeField({ id, label, name = 'code', autoFocus = false }: CodeFieldProps) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={label}
      name={name}
      htmlFor={id}
      normalize={(value: string) => value.replace(/\D/g, '').slice(0, 8)}
      rules={[
        { required: true, message: t('forgot.codeRequired') },
        { pattern: /^\d{6,8}$/, message: t('forgot.codeFormat') },
      ]}
    >
      <Input
        id={id}
        size="large"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={8}
        autoFocus={autoFocus}
        placeholder="••••••"
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', letterSpacing: '0.3em' }}
      />
    </Form.Item>
  );
}
