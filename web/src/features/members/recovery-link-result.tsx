import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import type { IssuedRecoveryLink } from './member-admin-api';

/**
 * The outcome of issuing a recovery link. Handed over in person: the link and its QR code, shown this once (the
 * server keeps only a hash). The SVG comes from our server, but it is still shown as an image, never as markup.
 */
export function RecoveryLinkResult({ result, memberName }: { result: IssuedRecoveryLink; memberName: string }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const expires = formatDateTime(result.expiresAt);

  if (result.delivery.channel !== 'in_person' || result.link === null) {
    return (
      <Flex vertical align="center" gap={8} style={{ padding: '24px 8px 8px', textAlign: 'center' }}>
        <CheckCircleFilled style={{ fontSize: 40, color: token.colorSuccess }} />
        <Typography.Title level={5} style={{ margin: '8px 0 0' }} data-testid="recovery-link-sent">
          {t('members.recoveryLink.sentTitle', { address: result.delivery.address ?? '' })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 440, margin: 0 }}>
          {t('members.recoveryLink.sentText', { name: memberName, time: expires })}
        </Typography.Paragraph>
      </Flex>
    );
  }

  const qrSource =
    result.qrSvg === null ? null : `data:image/svg+xml;charset=utf-8,${encodeURIComponent(result.qrSvg)}`;
  return (
    <div data-testid="recovery-link-in-person">
      <Alert
        type="warning"
        showIcon
        title={t('members.recoveryLink.onceTitle')}
        description={t('members.recoveryLink.onceText', { name: memberName, time: expires })}
        style={{ marginBottom: 16 }}
      />
      <Flex gap={20} align="flex-start" wrap>
        {qrSource ? (
          <img
            src={qrSource}
            alt={t('members.recoveryLink.qrAlt', { name: memberName })}
            width={184}
            height={184}
            data-testid="recovery-link-qr"
            style={{
              flex: '0 0 auto',
              padding: 6,
              background: '#fff',
              border: `1px solid ${token.colorBorderSecondary}`,
              borderRadius: token.borderRadius,
            }}
          />
        ) : null}
        <div style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Typography.Paragraph style={{ marginTop: 0 }}>{t('members.recoveryLink.scan')}</Typography.Paragraph>
          <Typography.Paragraph
            copyable={{
              text: result.link,
              tooltips: [t('members.recoveryLink.copy'), t('members.recoveryLink.copied')],
            }}
            data-testid="recovery-link"
            style={{
              padding: '8px 10px',
              background: token.colorFillQuaternary,
              border: `1px solid ${token.colorBorderSecondary}`,
              borderRadius: token.borderRadius,
              fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
              fontSize: 12,
              wordBreak: 'break-all',
            }}
          >
            {result.link}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('members.recoveryLink.expires', { time: expires })}
          </Typography.Text>
        </div>
      </Flex>
    </div>
  );
}
