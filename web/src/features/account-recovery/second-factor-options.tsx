import { KeyOutlined, MobileOutlined } from '@ant-design/icons';
import { Button, Divider, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export type ResetCodeMethod = 'totp' | 'recovery_code';

export interface SecondFactorOptionsProps {
  /** Factor methods from the inspect response (TOTP, passkey, recovery codes). */
  methods: string[];
  token: string;
  /** Called once a factor was accepted, so the page inspects the link again. */
  onVerified: () => void;
  /**
   * A code factor was chosen. The reset answers it together with the new password (`secondFactor` on
   * POST /api/auth/password/reset), so the code is typed last, while it is still fresh.
   */
  onChooseCode: (method: ResetCodeMethod) => void;
  /** Channels are offered below: separate them with "or". */
  channelsFollow: boolean;
}

/** The second factors offered as the reset's second proof: authenticator app and recovery code (passkey: helper B). */
export function SecondFactorOptions({ methods, onChooseCode, channelsFollow }: SecondFactorOptionsProps) {
  const { t } = useTranslation();
  const codeMethods = (['totp', 'recovery_code'] as const).filter((method) => methods.includes(method));
  if (codeMethods.length === 0) {
    return null;
  }
  return (
    <section data-testid="reset-second-factor" style={{ marginBottom: 8 }}>
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        {t('twoStep.reset.title')}
      </Typography.Text>
      <Flex vertical gap={8}>
        {codeMethods.map((method) => (
          <Button
            key={method}
            size="large"
            block
            icon={method === 'totp' ? <MobileOutlined /> : <KeyOutlined />}
            onClick={() => onChooseCode(method)}
            style={{ justifyContent: 'flex-start' }}
          >
            {method === 'totp' ? t('twoStep.reset.useTotp') : t('twoStep.reset.useRecoveryCode')}
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
