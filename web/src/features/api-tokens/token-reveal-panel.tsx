import { Alert, Button, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import { CodeExample, SecretField } from '../../components/secret-field';
import type { CreatedApiToken } from './api-tokens-api';

/** The one moment the secret is visible: copy it, see how to use it, and close. */
export function TokenRevealPanel({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const { t } = useTranslation();
  const example = `curl ${window.location.origin}/api/customers \\\n  -H "Authorization: Bearer ${token.token}"`;

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
        <SecretField
          value={token.token}
          testId="api-token-secret"
          copyLabel={t('apiTokens.created.copy')}
          copiedLabel={t('apiTokens.created.copied')}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('apiTokens.created.expires', { date: formatDateTime(token.expiresAt) })}
        </Typography.Text>
      </div>
      <CodeExample
        title={t('apiTokens.created.exampleTitle')}
        text={t('apiTokens.created.exampleText')}
        code={example}
      />
      <Flex justify="flex-end">
        <Button type="primary" onClick={onDone}>
          {t('apiTokens.created.done')}
        </Button>
      </Flex>
    </Flex>
  );
}
