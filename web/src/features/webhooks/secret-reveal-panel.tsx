import { Alert, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SecretField } from '../../components/secret-field';
import type { WebhookWithSecret } from './webhooks-api';
import { SignatureHelp } from './signature-help';

/** The one moment the signing secret is visible (after creation or rotation): copy it, see how to verify, close. */
export function SecretRevealPanel({ webhook, onDone }: { webhook: WebhookWithSecret; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16} data-testid="webhook-secret-reveal">
      <Alert
        type="warning"
        showIcon
        title={t('webhooks.secret.warningTitle')}
        description={t('webhooks.secret.warning')}
      />
      <div>
        <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
          {webhook.name}
        </Typography.Text>
        <SecretField
          value={webhook.secret}
          testId="webhook-secret"
          copyLabel={t('webhooks.secret.copy')}
          copiedLabel={t('webhooks.secret.copied')}
        />
      </div>
      <SignatureHelp />
      <Flex justify="flex-end">
        <Button type="primary" onClick={onDone}>
          {t('webhooks.secret.done')}
        </Button>
      </Flex>
    </Flex>
  );
}
