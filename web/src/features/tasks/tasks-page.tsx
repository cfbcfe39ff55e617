import { CheckCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Empty, Flex, Segmented, Skeleton, Typography, theme } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ListFooter } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { useDocumentTitle } from '../../components/use-document-title';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { TASK_VIEWS, useTaskCounts, useTaskList, type Task, type TaskFilters, type TaskView } from './task-api';
import { urgencyOf } from './task-due';
import { TaskFormDrawer } from './task-form-drawer';
import { TaskList } from './task-list';
import { ListLoadError } from '../../components/list-load-error';

type DaySection = 'overdue' | 'today' | 'undated';
const DAY_SECTIONS: readonly DaySection[] = ['overdue', 'today', 'undated'];

/** My day in three parts: overdue (red, first), due today, and tasks without a date. */
function MyDay({ tasks, onEdit }: { tasks: Task[]; onEdit: (task: Task) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const sections = useMemo(() => {
    const grouped: Record<DaySection, Task[]> = { overdue: [], today: [], undated: [] };
    for (const task of tasks) {
      const urgency = urgencyOf({ ...task, status: 'open' });
      grouped[urgency === 'overdue' ? 'overdue' : urgency === 'undated' ? 'undated' : 'today'].push(task);
    }
    return grouped;
  }, [tasks]);
  return (
    <>
      {DAY_SECTIONS.filter((section) => sections[section].length > 0).map((section) => (
        <section key={section} aria-label={t(`tasks.section.${section}`)} data-testid={`my-day-${section}`}>
          <Flex
            align="center"
            gap={8}
            style={{
              padding: '10px 16px',
              background: token.colorFillQuaternary,
              borderBottom: `1px solid ${token.colorBorderSecondary}`,
            }}
          >
            <Typography.Text strong type={section === 'overdue' ? 'danger' : undefined}>
              {t(`tasks.section.${section}`)}
            </Typography.Text>
            <Badge
              count={sections[section].length}
              showZero
              color={section === 'overdue' ? token.colorError : token.colorTextQuaternary}
            />
          </Flex>
          <TaskList tasks={sections[section]} onEdit={onEdit} />
        </section>
      ))}
    </>
  );
}

/** Tasks: My day (what needs doing today, overdue first), open, done and all; tick to complete. */
export function TasksPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const permissions = useCrmPermissions();
  const directory = useMemberDirectory();
  const [searchParams, setSearchParams] = useSearchParams();
  const view: TaskView = TASK_VIEWS.find((key) => key === searchParams.get('view')) ?? 'my_day';
  const [assigneeId, setAssigneeId] = useState('');
  const filters: TaskFilters = useMemo(
    () => ({ view, assigneeId: view === 'my_day' ? '' : assigneeId, customerId: '' }),
    [view, assigneeId],
  );
  const list = useTaskList(filters);
  const counts = useTaskCounts(true);
  const [editing, setEditing] = useState<Task | null | undefined>(undefined);
  const tasks = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  useDocumentTitle(t('tasks.title'));

  const dueToday = (counts.data?.overdue ?? 0) + (counts.data?.today ?? 0);
  const emptyText =
    view === 'my_day' ? t('tasks.empty.myDay') : view === 'done' ? t('tasks.empty.done') : t('tasks.empty.other');

  return (
    <Flex vertical gap={16}>
      <PageHeading
        title={t('tasks.title')}
        description={t('tasks.description')}
        actions={
          permissions.canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('tasks.new')}
            </Button>
          ) : null
        }
      />
      <Flex gap={12} wrap align="center" justify="space-between">
        <Segmented<TaskView>
          value={view}
          onChange={(next) => setSearchParams(next === 'my_day' ? {} : { view: next }, { replace: true })}
          options={TASK_VIEWS.map((key) => ({
            value: key,
            label:
              key === 'my_day' && dueToday > 0 ? (
                <Flex gap={6} align="center">
                  {t('tasks.view.my_day')}
                  <Badge
                    count={dueToday}
                    size="small"
                    color={(counts.data?.overdue ?? 0) > 0 ? token.colorError : token.colorPrimary}
                  />
                </Flex>
              ) : (
                t(`tasks.view.${key}`)
              ),
          }))}
        />
        {view !== 'my_day' && directory.members.length > 0 ? (
          <MemberSelect
            members={directory.members}
            value={assigneeId || undefined}
            onChange={(value) => setAssigneeId(value ?? '')}
            allowClear
            placeholder={t('tasks.filter.everyone')}
            aria-label={t('tasks.filter.assignee')}
            style={{ width: 240 }}
          />
        ) : null}
      </Flex>
      <Card variant="borderless" styles={{ body: { padding: 0 } }} data-testid="task-list">
        {list.isError ? (
          <ListLoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.isPending ? (
          <Skeleton active paragraph={{ rows: 5 }} style={{ padding: 16 }} />
        ) : tasks.length === 0 ? (
          <Empty
            image={
              view === 'my_day' ? (
                <CheckCircleOutlined style={{ fontSize: 48, color: token.colorSuccess }} />
              ) : (
                Empty.PRESENTED_IMAGE_SIMPLE
              )
            }
            description={emptyText}
            style={{ padding: '40px 0' }}
          />
        ) : view === 'my_day' ? (
          <MyDay tasks={tasks} onEdit={setEditing} />
        ) : (
          <TaskList tasks={tasks} onEdit={setEditing} showAssignee={directory.members.length > 0} />
        )}
        {tasks.length > 0 ? <ListFooter pages={list} summary={t('tasks.shown', { count: tasks.length })} /> : null}
      </Card>
      {editing !== undefined ? <TaskFormDrawer task={editing} onClose={() => setEditing(undefined)} /> : null}
    </Flex>
  );
}
