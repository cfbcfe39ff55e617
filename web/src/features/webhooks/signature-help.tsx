import { useTranslation } from 'react-i18next';
import { CodeExample } from '../../components/secret-field';

const example = `const expected = 'v1=' + crypto
  .createHmac('sha256', SECRET)
  .update(headers['clientele-timestamp'] + '.' + rawBody)
  .digest('hex');
// compare with headers['clientele-signature'] (timingSafeEqual),
// refuse timestamps older than 5 minutes, dedupe on body.id`;

/** How a receiver checks that an event came from this server (shown with the secret and on the page). */
export function SignatureHelp() {
  const { t } = useTranslation();
  return (
    <CodeExample
      testId="webhook-signature-help"
      title={t('webhooks.help.title')}
      text={t('webhooks.help.text')}
      code={example}
    />
  );
}
