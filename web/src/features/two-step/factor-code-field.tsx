import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeSmsCode, normalizeTotpCode, type CodeMethod } from './two-step-api';

interface FactorCodeFieldProps {
  /** Field id, unique on the page (the label points at it). */
  id: string;
  method: CodeMethod;
  name?: string;
  label?: string;
  autoFocus?: boolean;
  size?: 'middle' | 'large';
  /** Shown under the field, e.g. "use a recovery code instead". */
  extra?: ReactNode;
}

const monospace = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/**
 * The 6-digit code from an authenticator app (numeric keypad, browsers and password managers may fill it), the 6–8
 * digit code from a text message (phones offer it from the SMS), or one of the saved recovery codes
 * (xxxx-xxxx-xxxx-xxxx).
 */
export function FactorCodeField({
  id,
  method,
  name = 'code',
  label,
  autoFocus = false,
  size = 'large',
  extra,
}: FactorCodeFieldProps) {
  const { t } = useTranslation();
  if (method === 'sms') {
    return (
      <div style={{ paddingBottom: 8 }}>
        <Form.Item
          label={label ?? t('twoStep.code.smsLabel')}
          name={name}
          htmlFor={id}
          extra={extra}
          normalize={(value: string) => normalizeSmsCode(value)}
          rules={[
            { required: true, message: t('twoStep.code.smsRequired') },
            { pattern: /^\d{6,8}$/, message: t('twoStep.code.smsFormat') },
          ]}
        >
          <Input
            id={id}
            size={size}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            autoFocus={autoFocus}
            placeholder="••••••"
            style={{ fontFamily: monospace, letterSpacing: '0.3em' }}
          />
        </Form.Item>
      </div>
    );
  }
  if (method === 'totp') {
    return (
      // The spacer keeps a two-line error below the field from touching the button under it.
      <div style={{ paddingBottom: 8 }}>
        <Form.Item
          label={label ?? t('twoStep.code.totpLabel')}
          name={name}
          htmlFor={id}
          extra={extra}
          normalize={(value: string) => normalizeTotpCode(value)}
          rules={[
            { required: true, message: t('twoStep.code.totpRequired') },
            { pattern: /^\d{6}$/, message: t('twoStep.code.totpFormat') },
          ]}
        >
          <Input
            id={id}
            size={size}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            autoFocus={autoFocus}
            placeholder="••••••"
            style={{ fontFamily: monospace, letterSpacing: '0.3em' }}
          />
        </Form.Item>
      </div>
    );
  }
  return (
    <div style={{ paddingBottom: 8 }}>
      <Form.Item
        label={label ?? t('twoStep.code.recoveryLabel')}
        name={name}
        htmlFor={id}
        extra={
          <>
            <div>{t('twoStep.code.recoveryHint')}</div>
            {extra}
          </>
        }
        rules={[
          { required: true, whitespace: true, message: t('twoStep.code.recoveryRequired') },
          { pattern: /^[\s-]*(?:[a-zA-Z0-9][\s-]*){16}$/, message: t('twoStep.code.recoveryFormat') },
        ]}
      >
        <Input
          id={id}
          size={size}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={24}
          autoFocus={autoFocus}
          placeholder="xxxx-xxxx-xxxx-xxxx"
          style={{ fontFamily: monospace }}
        />
      </Form.Item>
    </div>
  );
}
