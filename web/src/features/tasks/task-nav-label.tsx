import { Badge, Flex, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTaskCounts } from './task-api';

/** The Tasks entry of the side navigation, with how many of the user's tasks are overdue or due today. */
export function TaskNavLabel() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const counts = useTaskCounts(true);
  const due = (counts.data?.overdue ?? 0) + (counts.data?.today ?? 0);
  return (
    <Flex justify="space-between" align="center" gap={8}>
      <span>{t('nav.tasks')}</span>
      {due > 0 ? (
        <Badge
          count={due}
          size="small"
          color={(counts.data?.overdue ?? 0) > 0 ? token.colorError : token.colorPrimary}
          title={t('tasks.badge', { overdue: counts.data?.overdue ?? 0, today: counts.data?.today ?? 0 })}
          data-testid="task-badge"
        />
      ) : null}
    </Flex>
  );
}
