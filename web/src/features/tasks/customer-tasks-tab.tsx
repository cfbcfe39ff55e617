import { PlusOutlined } from '@ant-design/icons';
import { Button, Collapse, Empty, Flex, Skeleton } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '../../components/load-more';
import type { Customer } from '../customers/customer-types';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { useTaskList, type Task, type TaskFilters } from './task-api';
import { TaskFormDrawer } from './task-form-drawer';
import { TaskList } from './task-list';

/** A customer's tasks (those the user may see): open ones by due time, the done ones folded away below. */
export function CustomerTasksTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const permissions = useCrmPermissions();
  const openFilters: TaskFilters = useMemo(
    () => ({ view: 'open', assigneeId: '', customerId: customer.id }),
    [customer.id],
  );
  const doneFilters: TaskFilters = useMemo(
    () => ({ view: 'done', assigneeId: '', customerId: customer.id }),
    [customer.id],
  );
  const open = useTaskList(openFilters);
  const done = useTaskList(doneFilters);
  const [editing, setEditing] = useState<Task | null | undefined>(undefined);
  const openTasks = open.data?.pages.flatMap((page) => page.items) ?? [];
  const doneTasks = done.data?.pages.flatMap((page) => page.items) ?? [];

  if (open.isPending) {
    return <Skeleton active paragraph={{ rows: 3 }} />;
  }
  return (
    <Flex vertical gap={12}>
      {permissions.canWrite ? (
        <Flex justify="flex-end">
          <Button icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('tasks.new')}
          </Button>
        </Flex>
      ) : null}
      {openTasks.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.empty.customer')} />
      ) : (
        <TaskList tasks={openTasks} onEdit={setEditing} showAssignee showCustomer={false} />
      )}
      <LoadMore pages={open} label={t('customers.list.loadMore')} />
      {doneTasks.length > 0 ? (
        <Collapse
          ghost
          size="small"
          items={[
            {
              key: 'done',
              label: t('tasks.doneCount', { count: doneTasks.length }),
              children: (
                <>
                  <TaskList tasks={doneTasks} onEdit={setEditing} showAssignee showCustomer={false} />
                  <LoadMore pages={done} label={t('customers.list.loadMore')} style={{ marginTop: 8 }} />
                </>
              ),
            },
          ]}
        />
      ) : null}
      {editing !== undefined ? (
        <TaskFormDrawer
          task={editing}
          {...(editing === null ? { customer: { id: customer.id, name: customer.name } } : {})}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
    </Flex>
  );
}
