import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/** Browsers word a failed `import()` differently; each of these means the page's code file could not be fetched. */
const failedImport =
  /dynamically imported module|importing a module script failed|error loading dynamically imported module/i;

/**
 * What a page shows instead of crashing the app. Code loaded on demand (most pages, the report charts) comes from files named by
 * their content: after an update an open tab may ask for a file that no longer exists, and a reload fetches the new one.
 */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const outdated = error instanceof Error && failedImport.test(error.message);
  return (
    <Result
      status={outdated ? 'info' : 'error'}
      title={t(outdated ? 'common.pageOutdatedTitle' : 'common.pageErrorTitle')}
      subTitle={t(outdated ? 'common.pageOutdatedText' : 'common.pageErrorText')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}
