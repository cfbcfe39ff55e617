import { BookOutlined, DownOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Flex, Popover, Spin, Typography, theme } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SavedViewDialog } from './saved-view-dialog';
import { SavedViewRow, type SavedViewAction } from './saved-view-row';
import { savedViewApi, savedViewKeys, useSavedViews, type SavedView, type SavedViewList } from './saved-views-api';
import { findActiveView, normaliseViewQuery } from './saved-views-query';

const NO_KEYS: readonly string[] = [];

interface SavedViewsProps {
  list: SavedViewList;
  /** The list's address as it stands; paging is left out of a view. */
  search: URLSearchParams;
  /** The columns shown, for lists with a column chooser; other lists save none. */
  columns?: readonly string[];
  /** Address keys that are not part of a view (e.g. the record open in a drawer). */
  exclude?: readonly string[];
  /** Show the view's filters (as an address query) and, when it has any, its columns. */
  onApply: (search: URLSearchParams, columns: string[]) => void;
}

function sameColumns(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((column, index) => column === right[index]);
}

function SectionTitle({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM, padding: '4px 8px 2px' }}>
      {children}
    </Typography.Text>
  );
}

/**
 * Saved views of a CRM list: named filters, sort and columns, one's own and those a manager shared with the
 * organisation. The button names the view whose filters are on screen.
 */
export function SavedViews({ list, search, columns, exclude = NO_KEYS, onApply }: SavedViewsProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const views = useSavedViews(list);
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<{ view: SavedView | null } | null>(null);
  const hasColumns = columns !== undefined;
  const currentQuery = normaliseViewQuery(search, exclude);
  const currentColumns = columns ? [...columns] : [];
  const items = views.data ?? [];
  const active = findActiveView(items, currentQuery);
  const own = items.filter((view) => view.mine);
  const shared = items.filter((view) => !view.mine);
  const refresh = () => queryClient.invalidateQueries({ queryKey: savedViewKeys.list(list) });

  const update = useMutation({
    mutationFn: (view: SavedView) =>
      savedViewApi.update(view.id, { query: currentQuery, ...(hasColumns ? { columns: currentColumns } : {}) }),
    onSuccess: (saved) => void message.success(t('savedViews.updated', { name: saved.name })),
    onError: (error) => void message.error(error.message),
    onSettled: refresh,
  });

  const confirmDelete = (view: SavedView) =>
    void modal.confirm({
      title: t('savedViews.delete.confirm', { name: view.name }),
      content: view.shared ? t('savedViews.delete.confirmShared') : t('savedViews.delete.confirmText'),
      okText: t('savedViews.delete.submit'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      width: 440,
      onOk: async () => {
        try {
          await savedViewApi.remove(view.id);
          void message.success(t('savedViews.delete.done', { name: view.name }));
        } catch (error) {
          void message.error(error instanceof Error ? error.message : String(error));
        } finally {
          void refresh();
        }
      },
    });

  const apply = (view: SavedView) => {
    setOpen(false);
    onApply(new URLSearchParams(view.query), view.columns);
  };
  const act = (action: SavedViewAction, view: SavedView) => {
    setOpen(false);
    switch (action) {
      case 'update':
        update.mutate(view);
        return;
      case 'rename':
        setEditing({ view });
        return;
      case 'delete':
        confirmDelete(view);
        return;
    }
  };
  const row = (view: SavedView) => (
    <SavedViewRow
      key={view.id}
      view={view}
      active={view.id === active?.id}
      upToDate={
        normaliseViewQuery(view.query) === currentQuery && (!hasColumns || sameColumns(view.columns, currentColumns))
      }
      onApply={apply}
      onAction={act}
    />
  );

  const panel = (
    <Flex vertical gap={2} style={{ width: 300 }} data-testid="saved-views-panel">
      {views.isPending ? <Spin size="small" style={{ padding: 12 }} /> : null}
      {views.isError ? (
        <Typography.Text type="danger" role="alert" style={{ padding: 8 }}>
          {views.error.message}
        </Typography.Text>
      ) : null}
      {views.isSuccess && items.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ padding: '4px 8px', marginBottom: 0 }}>
          {t('savedViews.empty')}
        </Typography.Paragraph>
      ) : null}
      {own.length > 0 ? <SectionTitle>{t('savedViews.mine')}</SectionTitle> : null}
      {own.map(row)}
      {shared.length > 0 ? <SectionTitle>{t('savedViews.shared')}</SectionTitle> : null}
      {shared.map(row)}
      <Divider style={{ margin: '6px 0' }} />
      <Button
        type="text"
        icon={<PlusOutlined />}
        onClick={() => {
          setOpen(false);
          setEditing({ view: null });
        }}
        style={{ justifyContent: 'flex-start', paddingInline: 8 }}
      >
        {t('savedViews.saveCurrent')}
      </Button>
    </Flex>
  );

  return (
    <>
      <Popover
        trigger="click"
        placement="bottomRight"
        open={open}
        onOpenChange={setOpen}
        content={panel}
        styles={{ container: { padding: 6 } }}
      >
        <Button
          icon={<BookOutlined />}
          loading={update.isPending}
          data-testid="saved-views-button"
          aria-label={active ? t('savedViews.buttonActive', { name: active.name }) : t('savedViews.button')}
        >
          <span
            style={{ maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
            data-testid="saved-views-current"
          >
            {active ? active.name : t('savedViews.button')}
          </span>
          <DownOutlined aria-hidden style={{ fontSize: 10 }} />
        </Button>
      </Popover>
      {editing ? (
        <SavedViewDialog
          list={list}
          view={editing.view}
          query={currentQuery}
          columns={currentColumns}
          hasColumns={hasColumns}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
