import { KeyOutlined, MobileOutlined } from '@ant-design/icons';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { Button, Divider, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasskeyIcon } from '../two-step/passkey-icon';

export type ResetCodeMethod = 'totp' | 'recovery_code';
/** A factor answered together with the new password: a code typed last, or a passkey asked for on submit. */
export type ResetFactorMethod = 'passkey' | ResetCodeMethod;

export interface SecondFactorOptionsProps {
  /** Factor methods from the inspect response (TOTP, passkey, recovery codes). */
  methods: string[];
  token: string;
  /** Called once a factor was accepted, so the page inspects the link again. */
  onVerified: () => void;
  /**
   * A factor was chosen. The reset answers it together with the new password (`secondFactor` on
   * POST /api/auth/password/reset), so a code is typed last, while it is still fresh, and a passkey is asked for
   * when the form is submitted.
   */
  onChooseFactor: (method: ResetFactorMethod) => void;
  /** Channels are offered below: separate them with "or". */
  channelsFollow: boolean;
}

const factorButtons: Record<ResetFactorMethod, { icon: ReactNode; labelKey: string }> = {
  passkey: { icon: <PasskeyIcon />, labelKey: 'passkeys.reset.use' },
  totp: { icon: <MobileOutlined />, labelKey: 'twoStep.reset.useTotp' },
  recovery_code: { icon: <KeyOutlined />, labelKey: 'twoStep.reset.useRecoveryCode' },
};

/** The second factors offered as the reset's second proof: passkey (when this browser can use one), authenticator app, recovery code. */
export function SecondFactorOptions({ methods, onChooseFactor, channelsFollow }: SecondFactorOptionsProps) {
  const { t } = useTranslation();
  const [canUsePasskeys] = useState(() => browserSupportsWebAuthn());
  const factorMethods = (['passkey', 'totp', 'recovery_code'] as const).filter(
    (method) => methods.includes(method) && (method !== 'passkey' || canUsePasskeys),
  );
  if (factorMethods.length === 0) {
    return null;
  }
  return (
    <section data-testid="reset-second-factor" style={{ marginBottom: 8 }}>
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        {t('twoStep.reset.title')}
      </Typography.Text>
      <Flex vertical gap={8}>
        {factorMethods.map((method) => (
          <Button
            key={method}
            size="large"
            block
            icon={factorButtons[method].icon}
            onClick={() => onChooseFactor(method)}
            style={{ justifyContent: 'flex-start' }}
          >
            {t(factorButtons[method].labelKey)}
          </Button>
        ))}
      </Flex>
      {channelsFollow ? (
        <Divider plain style={{ margin: '20px 0 16px' }}>
          <Typography.Text type="secondary">{t('twoStep.reset.orChannel')}</Typography.Text>
        </Divider>
      ) : null}
    </section>
  );
}
