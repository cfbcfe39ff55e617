import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import type { CreatedApiToken } from './api-tokens-api';

const monospace = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** The one moment the secret is visible: copy it, see how to use it, and close. */
export function TokenRevealPanel({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const { t } = useTranslation();
  const { token: design } = theme.useToken();
  const [copied, setCopied] = useState(false);
  const example = `curl ${window.location.origin}/api/customers \\\n  -H "Authorization: Bearer ${token.token}"`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <Flex vertical gap={16} data-testid="api-token-reveal">
      <Alert
        type="warning"
        showIcon
        title={t('apiTokens.created.warningTitle')}
        description={t('apiTokens.created.warning')}
      />
      <div>
        <Flex justify="space-between" align="center" style={{ marginBottom: 6 }}>
          <Typography.Text strong>{token.name}</Typography.Text>
          <Flex gap={4} wrap>
            {token.scopes.map((scope) => (
              <Tag key={scope} color="blue">
                {scope}
              </Tag>
            ))}
          </Flex>
        </Flex>
        <Flex gap={8} align="stretch">
          <Typography.Text
            data-testid="api-token-secret"
            style={{
              flex: 1,
              fontFamily: monospace,
              fontSize: 13,
              padding: '8px 12px',
              background: design.colorFillTertiary,
              border: `1px solid ${design.colorBorderSecondary}`,
              borderRadius: design.borderRadius,
              wordBreak: 'break-all',
            }}
          >
            {token.token}
          </Typography.Text>
          <Button
            icon={copied ? <CheckOutlined /> : <CopyOutlined />}
            onClick={() => void copy()}
            style={{ height: 'auto' }}
          >
            {copied ? t('apiTokens.created.copied') : t('apiTokens.created.copy')}
          </Button>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('apiTokens.created.expires', { date: formatDateTime(token.expiresAt) })}
        </Typography.Text>
      </div>
      <div>
        <Typography.Text strong>{t('apiTokens.created.exampleTitle')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: '2px 0 6px', fontSize: 13 }}>
          {t('apiTokens.created.exampleText')}
        </Typography.Paragraph>
        <pre
          style={{
            margin: 0,
            fontFamily: monospace,
            fontSize: 12,
            padding: '10px 12px',
            background: design.colorFillQuaternary,
            borderRadius: design.borderRadius,
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-all',
          }}
        >
          {example}
        </pre>
      </div>
      <Flex justify="flex-end">
        <Button type="primary" onClick={onDone}>
          {t('apiTokens.created.done')}
        </Button>
      </Flex>
    </Flex>
  );
}
