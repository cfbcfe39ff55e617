import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Flex, Typography, theme } from 'antd';
import { Trans, useTranslation } from 'react-i18next';
import { useSignInInfo } from './recovery-api';

interface LinkOriginNoteProps {
  /** `subtle` for the sign-in page footer; `box` as a highlighted hint while waiting for a mail. */
  variant?: 'subtle' | 'box';
}

/** "Links in our mails always start with https://…" — so users can tell a genuine mail from a phishing one. */
export function LinkOriginNote({ variant = 'subtle' }: LinkOriginNoteProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const info = useSignInInfo();
  const origin = info.data?.linkOrigin;
  if (!origin) {
    return null;
  }
  const text = (
    <Trans
      t={t}
      i18nKey="forgot.linkOrigin"
      values={{ origin }}
      components={{ origin: <Typography.Text code data-testid="link-origin" style={{ fontSize: 'inherit' }} /> }}
    />
  );
  if (variant === 'box') {
    return (
      <Flex
        gap={10}
        align="flex-start"
        style={{ padding: '10px 12px', borderRadius: 8, background: token.colorPrimaryBg, marginBottom: 20 }}
      >
        <SafetyCertificateOutlined style={{ color: token.colorPrimary, marginTop: 4 }} />
        <Typography.Text style={{ fontSize: 13 }}>
          {text} {t('forgot.linkOriginWarning')}
        </Typography.Text>
      </Flex>
    );
  }
  return (
    <Flex gap={6} justify="center" align="baseline" wrap style={{ marginTop: 16 }}>
      <SafetyCertificateOutlined style={{ fontSize: 12, opacity: 0.55 }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {text}
      </Typography.Text>
    </Flex>
  );
}
