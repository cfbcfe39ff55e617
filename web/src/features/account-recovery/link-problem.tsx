import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LinkProblem } from './recovery-api';

interface LinkProblemProps {
  /** i18n namespace with `reason.<problem>` and `reasonHint` (e.g. 'reset', 'freeze'). */
  namespace: string;
  /** null: the page was opened without a token. */
  problem: LinkProblem | null;
  /** Offer "Send a new link" (to /forgot) as the way on. */
  offerNewLink?: boolean;
}

/** An invalid, expired or used link: say which, clearly, and offer the way on. */
export function LinkProblemNotice({ namespace, problem, offerNewLink = false }: LinkProblemProps) {
  const { t } = useTranslation();
  return (
    <>
      <Alert
        type="warning"
        showIcon
        role="alert"
        title={problem === null ? t(`${namespace}.noToken`) : t(`${namespace}.reason.${problem}`)}
        description={t(`${namespace}.reasonHint`)}
        style={{ marginBottom: 24 }}
        data-testid="link-problem"
      />
      <Flex vertical gap={12}>
        {offerNewLink ? (
          <Link to="/forgot">
            <Button type="primary" size="large" block icon={<ReloadOutlined />}>
              {t('reset.sendNewLink')}
            </Button>
          </Link>
        ) : null}
        <Link to="/login">
          <Button size="large" block icon={<ArrowLeftOutlined />}>
            {t('common.backToSignIn')}
          </Button>
        </Link>
      </Flex>
    </>
  );
}
