import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { useQueryClient } from '@tanstack/react-query';
import { App, Flex, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dealApi, dealKeys, useDealBoard } from './deal-api';
import { COLUMN_WIDTH, DealBoardColumn } from './deal-board-column';
import { appendCards } from './deal-board-state';
import { DealCardBody } from './deal-card';
import { stageLabel } from './deal-format';
import type { BoardColumn, Deal, DealFilters, Stage } from './deal-types';
import { LostReasonDialog } from './lost-reason-dialog';
import { useBoardMove } from './use-board-move';

/** The pointer decides where a card lands; the keyboard (no pointer) by the card's overlap with a column. */
const collisionDetection: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : rectIntersection(args);
};

/** Arrow keys jump a picked-up card to the next column to the left or right (Space / Enter drops it, Esc cancels). */
const columnCoordinates: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  if (event.code !== 'ArrowRight' && event.code !== 'ArrowLeft') {
    return undefined;
  }
  event.preventDefault();
  const card = context.collisionRect;
  if (!card) {
    return undefined;
  }
  const center = card.left + card.width / 2;
  const columns = [...context.droppableRects.values()].map((rect) => ({ rect, center: rect.left + rect.width / 2 }));
  const candidates =
    event.code === 'ArrowRight'
      ? columns.filter((column) => column.center > center + 1).sort((a, b) => a.center - b.center)
      : columns.filter((column) => column.center < center - 1).sort((a, b) => b.center - a.center);
  const next = candidates[0];
  return next ? { x: next.center - card.width / 2, y: currentCoordinates.y } : undefined;
};

interface DealBoardProps {
  filters: DealFilters;
  onOpen: (deal: Deal) => void;
}

/** The kanban board: one column per stage; dragging a card to another column moves the deal to that stage. */
export function DealBoard({ filters, onOpen }: DealBoardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const board = useDealBoard(filters);
  const move = useBoardMove(filters);
  const [dragging, setDragging] = useState<Deal | null>(null);
  const [askingLost, setAskingLost] = useState<{ deal: Deal; stage: Stage } | null>(null);
  const [savingLost, setSavingLost] = useState(false);
  const [loadingColumn, setLoadingColumn] = useState<string | null>(null);
  const sensors = useSensors(
    // A click (no movement) opens the deal; a drag starts after a few pixels.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    // An instant scroll when the next column is off to the side: dnd-kit scrolls the board instead of moving the card
    // there, and a smooth scroll still under way when the next key comes leaves the card between two columns.
    useSensor(KeyboardSensor, { coordinateGetter: columnCoordinates, scrollBehavior: 'auto' }),
  );
  const columns = board.data?.columns ?? [];

  const announcements: Announcements = useMemo(() => {
    const nameOf = (id: string | number) =>
      columns.flatMap((column) => column.items).find((deal) => deal.id === id)?.name ?? '';
    const overName = (over: { data: { current?: Record<string, unknown> } } | null) => {
      const stage = over?.data.current?.stage as Stage | undefined;
      return stage ? stageLabel(t, stage) : '';
    };
    return {
      onDragStart: ({ active }) => t('deals.board.announce.start', { name: nameOf(active.id) }),
      onDragOver: ({ active, over }) =>
        over ? t('deals.board.announce.over', { name: nameOf(active.id), stage: overName(over) }) : undefined,
      onDragEnd: ({ active, over }) =>
        over
          ? t('deals.board.announce.end', { name: nameOf(active.id), stage: overName(over) })
          : t('deals.board.announce.cancel', { name: nameOf(active.id) }),
      onDragCancel: ({ active }) => t('deals.board.announce.cancel', { name: nameOf(active.id) }),
    };
  }, [columns, t]);

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const deal = active.data.current?.deal as Deal | undefined;
    const target = over?.data.current?.stage as Stage | undefined;
    if (!deal || !target || target.id === deal.stageId) {
      return;
    }
    if (target.kind === 'lost') {
      setAskingLost({ deal, stage: target });
      return;
    }
    void move(deal, target);
  };

  const loadMore = async (column: BoardColumn) => {
    if (!column.nextCursor) {
      return;
    }
    setLoadingColumn(column.stage.id);
    try {
      const page = await dealApi.column(filters, column.stage.id, column.nextCursor);
      queryClient.setQueryData<{ columns: BoardColumn[] }>(dealKeys.board(filters), (current) =>
        current ? { columns: appendCards(current.columns, column.stage.id, page.items, page.nextCursor) } : current,
      );
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setLoadingColumn(null);
    }
  };

  if (board.isPending) {
    return (
      <Flex gap={12}>
        {[0, 1, 2, 3].map((index) => (
          <Skeleton.Node key={index} active style={{ width: COLUMN_WIDTH, height: 280 }} />
        ))}
      </Flex>
    );
  }
  if (board.isError) {
    return (
      <Typography.Paragraph type="danger" role="alert">
        {board.error.message}
      </Typography.Paragraph>
    );
  }

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisionDetection}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('deals.board.instructions') } }}
      onDragStart={({ active }) => setDragging((active.data.current?.deal as Deal | undefined) ?? null)}
      onDragCancel={() => setDragging(null)}
      onDragEnd={onDragEnd}
    >
      <div
        data-testid="deal-board"
        style={{
          display: 'flex',
          gap: 12,
          overflowX: 'auto',
          paddingBottom: 12,
          alignItems: 'stretch',
          opacity: board.isPlaceholderData ? 0.6 : 1,
        }}
      >
        {columns.map((column) => (
          <DealBoardColumn
            key={column.stage.id}
            column={column}
            onOpen={onOpen}
            onLoadMore={(next) => void loadMore(next)}
            loadingMore={loadingColumn === column.stage.id}
          />
        ))}
      </div>
      <DragOverlay dropAnimation={null}>{dragging ? <DealCardBody deal={dragging} lifted /> : null}</DragOverlay>
      {askingLost ? (
        <LostReasonDialog
          dealName={askingLost.deal.name}
          stageName={stageLabel(t, askingLost.stage)}
          saving={savingLost}
          onCancel={() => setAskingLost(null)}
          onSubmit={(reason) => {
            setSavingLost(true);
            // Success or refusal (the message says which), the dialog has done its part.
            void move(askingLost.deal, askingLost.stage, reason).then(() => {
              setSavingLost(false);
              setAskingLost(null);
            });
          }}
        />
      ) : null}
    </DndContext>
  );
}
