import {
  BellOutlined,
  ClockCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  FundOutlined,
  ShopOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Flex, Tag, Tooltip, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../components/format';
import { useUndoMessage } from '../crm/use-undo-message';
import { refreshTasks, taskApi, useToggleTask, type Task } from './task-api';
import { formatDue, urgencyOf } from './task-due';

interface TaskListProps {
  tasks: Task[];
  onEdit: (task: Task) => void;
  /** Name the assignee (lists that mix people); My day is always the user's own. */
  showAssignee?: boolean;
  /** A customer's own page does not link back to it. */
  showCustomer?: boolean;
}

function TaskRow({ task, onEdit, showAssignee, showCustomer }: { task: Task } & Omit<TaskListProps, 'tasks'>) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const toggle = useToggleTask();
  const showUndo = useUndoMessage();
  const urgency = urgencyOf(task);
  const done = task.status === 'done';

  const restore = async () => {
    try {
      await taskApi.restore(task.id);
      void message.success(t('tasks.restored', { title: task.title }));
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      void refreshTasks(queryClient);
    }
  };
  const remove = async () => {
    try {
      await taskApi.remove(task.id);
      showUndo(t('tasks.deleted', { title: task.title }), restore);
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      void refreshTasks(queryClient);
    }
  };

  return (
    <Flex
      gap={12}
      align="flex-start"
      style={{ padding: '12px 16px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
      data-testid="task-row"
    >
      <Checkbox
        checked={done}
        disabled={!task.canEdit}
        onChange={() => toggle.mutate(task)}
        aria-label={done ? t('tasks.reopenFor', { title: task.title }) : t('tasks.completeFor', { title: task.title })}
        style={{ marginTop: 2 }}
      />
      <div style={{ flex: '1 1 auto', minWidth: 0 }}>
        <Typography.Text delete={done} type={done ? 'secondary' : undefined} style={{ fontWeight: 500 }}>
          {task.title}
        </Typography.Text>
        <Flex gap={14} wrap style={{ marginTop: 2, fontSize: 13 }}>
          {done ? (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('tasks.doneAt', { when: formatDateTime(task.completedAt) })}
            </Typography.Text>
          ) : task.dueAt ? (
            <Tooltip title={formatDateTime(task.dueAt)}>
              <Typography.Text
                type={urgency === 'overdue' ? 'danger' : 'secondary'}
                style={{ fontSize: 13 }}
                data-testid="task-due"
              >
                <ClockCircleOutlined style={{ marginInlineEnd: 4 }} />
                {urgency === 'overdue'
                  ? t('tasks.overdue', { when: formatDue(t, task.dueAt) })
                  : formatDue(t, task.dueAt)}
              </Typography.Text>
            </Tooltip>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('tasks.noDate')}
            </Typography.Text>
          )}
          {showCustomer && task.customerId && task.customerName ? (
            <Link to={`/customers/${task.customerId}`} style={{ fontSize: 13 }}>
              <ShopOutlined style={{ marginInlineEnd: 4 }} />
              {task.customerName}
            </Link>
          ) : null}
          {task.dealName ? (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              <FundOutlined style={{ marginInlineEnd: 4 }} />
              {task.dealName}
            </Typography.Text>
          ) : null}
          {showAssignee && task.assigneeName ? (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              <UserOutlined style={{ marginInlineEnd: 4 }} />
              {task.assigneeName}
            </Typography.Text>
          ) : null}
          {task.followUpId ? (
            <Tag bordered={false} icon={<BellOutlined />} style={{ marginInlineEnd: 0, fontSize: 12 }}>
              {t('tasks.reminder')}
            </Tag>
          ) : null}
        </Flex>
        {task.notes ? (
          <Typography.Paragraph
            type="secondary"
            ellipsis={{ rows: 2 }}
            style={{ margin: '4px 0 0', fontSize: 13, whiteSpace: 'pre-wrap' }}
          >
            {task.notes}
          </Typography.Paragraph>
        ) : null}
      </div>
      {task.canEdit ? (
        <Flex gap={2} style={{ flex: '0 0 auto' }}>
          <Tooltip title={t('tasks.edit')}>
            <Button
              type="text"
              size="small"
              icon={<EditOutlined />}
              aria-label={t('tasks.editFor', { title: task.title })}
              onClick={() => onEdit(task)}
            />
          </Tooltip>
          <Tooltip title={t('tasks.delete')}>
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('tasks.deleteFor', { title: task.title })}
              onClick={() => void remove()}
            />
          </Tooltip>
        </Flex>
      ) : null}
    </Flex>
  );
}

/** Tasks as a checklist: tick to complete, the due time in red once it has passed. */
export function TaskList({ tasks, onEdit, showAssignee = false, showCustomer = true }: TaskListProps) {
  return (
    <div role="list">
      {tasks.map((task) => (
        <div role="listitem" key={task.id}>
          <TaskRow task={task} onEdit={onEdit} showAssignee={showAssignee} showCustomer={showCustomer} />
        </div>
      ))}
    </div>
  );
}
