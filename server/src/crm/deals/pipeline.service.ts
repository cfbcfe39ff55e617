import type { AuditContext } from '../../audit/audit.service.ts';
import { raise } from '../../http/app-error.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import type { ChangeEntry } from '../history/history.service.ts';
import { isUuid, type Executor } from '../shared/database.ts';
import { dealErrors, pipelineErrors } from './deal.errors.ts';
import { PipelineRepository, type StageRow } from './pipeline.repository.ts';
import { MAX_STAGES, type PipelineUpdateInput, type Stage, type StageKind } from './pipeline.schema.ts';

/** How a stage is named in history rows: the key for the interface to translate, or the name someone gave it. */
export interface StageRef {
  id: string;
  key: string | null;
  name: string | null;
}

export function stageRef(stage: Pick<StageRow, 'id' | 'key' | 'name'>): StageRef {
  return { id: stage.id, key: stage.key, name: stage.name };
}

function toStage(row: StageRow): Stage {
  return { id: row.id, key: row.key, name: row.name, kind: row.kind as StageKind, probability: row.probability, position: row.position };
}

/** What the audit log keeps of a stage. */
function summary(stage: StageRow) {
  return { id: stage.id, key: stage.key, name: stage.name, kind: stage.kind, probability: stage.probability };
}

/**
 * The organisation's sales pipeline: read by everyone (created with the default stages the first time), changed by
 * members with crm.configure. Archiving a stage that holds live deals moves them to another stage in the same
 * transaction, each with a history row on its customer's timeline.
 */
export class PipelineService {
  private readonly repository = new PipelineRepository();

  constructor(private readonly deps: CrmDependencies) {}

  /** The live stages in board order: open ones, then won, then lost. */
  async stages(orgId: string, executor: Executor = this.deps.identity.db): Promise<StageRow[]> {
    const rows = await this.repository.liveStages(executor, orgId);
    // Won and lost can never be archived, so an organisation without live stages has never had any.
    if (rows.length > 0) return rows;
    await this.repository.insertDefaults(executor, orgId);
    return this.repository.liveStages(executor, orgId);
  }

  async view(orgId: string): Promise<{ stages: Stage[] }> {
    return { stages: (await this.stages(orgId)).map(toStage) };
  }

  /** A live stage, share-locked for the rest of the caller's transaction (null: the first open stage). */
  async lockLive(executor: Executor, orgId: string, rawId: string | null): Promise<StageRow | undefined> {
    if (rawId !== null && !isUuid(rawId)) return undefined;
    return this.repository.lockLive(executor, orgId, rawId === null ? null : rawId.toLowerCase());
  }

  /** Any stage of the organisation, archived ones included. */
  async find(executor: Executor, orgId: string, id: string): Promise<StageRow | undefined> {
    return this.repository.find(executor, orgId, id);
  }

  async replace(actor: UserRow, input: PipelineUpdateInput, context: AuditContext): Promise<{ stages: Stage[] }> {
    const orgId = actor.orgId;
    await this.stages(orgId);
    const at = new Date();
    const outcome = await this.deps.identity.db.transaction(async (transaction) => {
      const all = await this.repository.lockAll(transaction, orgId);
      const live = all.filter((stage) => stage.archivedAt === null);
      const open = new Map(live.filter((stage) => stage.kind === 'open').map((stage) => [stage.id, stage]));
      const won = live.find((stage) => stage.kind === 'won');
      const lost = live.find((stage) => stage.kind === 'lost');
      if (!won || !lost) throw new Error(`pipeline of ${orgId} lacks a won or lost stage`);
      if (input.stages.length + 2 > MAX_STAGES) raise(pipelineErrors.TOO_MANY_STAGES);

      const keptIds = input.stages.map((entry) => (entry.id === undefined ? null : entry.id.toLowerCase()));
      for (const [index, id] of keptIds.entries()) {
        const name = input.stages[index]?.name ?? null;
        if (id === null) {
          if (name === null) raise(pipelineErrors.STAGE_NAME_REQUIRED);
          continue;
        }
        // Won, lost, archived, unknown, repeated or another organisation's: all the same mistake.
        const stage = open.get(id);
        if (!stage || keptIds.indexOf(id) !== index) raise(dealErrors.INVALID_STAGE);
        if (name === null && stage.key === null) raise(pipelineErrors.STAGE_NAME_REQUIRED);
      }
      const archived = [...open.values()].filter((stage) => !keptIds.includes(stage.id));
      const moves = new Map<string, string>();
      for (const [rawFrom, rawTo] of Object.entries(input.moveDealsTo ?? {})) {
        const from = rawFrom.toLowerCase();
        const to = rawTo.toLowerCase();
        if (!archived.some((stage) => stage.id === from) || !keptIds.includes(to)) raise(pipelineErrors.INVALID_MOVE_TARGET);
        moves.set(from, to);
      }
      const deals = await this.repository.lockLiveDeals(
        transaction,
        archived.map((stage) => stage.id),
      );
      if (deals.some((deal) => !moves.has(deal.stageId))) raise(pipelineErrors.STAGE_IN_USE);

      const kept: StageRow[] = [];
      for (const [position, entry] of input.stages.entries()) {
        const id = keptIds[position] ?? null;
        const existing = id === null ? undefined : open.get(id);
        if (existing) {
          const values = { position, name: entry.name ?? null, probability: entry.probability };
          await this.repository.update(transaction, existing.id, values);
          kept.push({ ...existing, ...values });
        } else {
          kept.push(await this.repository.insert(transaction, { orgId, name: entry.name ?? null, kind: 'open', position, probability: entry.probability }));
        }
      }
      const closed = [
        { ...won, position: kept.length },
        { ...lost, position: kept.length + 1 },
      ];
      for (const stage of closed) await this.repository.update(transaction, stage.id, { position: stage.position });
      for (const stage of archived) await this.repository.update(transaction, stage.id, { archivedAt: at });

      const entries: ChangeEntry[] = [];
      for (const [fromId, toId] of moves) {
        const from = open.get(fromId);
        const target = kept.find((stage) => stage.id === toId);
        if (!from || !target) continue;
        const moving = deals.filter((deal) => deal.stageId === fromId);
        await this.repository.moveDeals(
          transaction,
          moving.map((deal) => deal.id),
          target,
          at,
        );
        for (const deal of moving) {
          const changes = {
            stage: { from: stageRef(from), to: stageRef(target) },
            ...(deal.probability === target.probability ? {} : { probability: { from: deal.probability, to: target.probability } }),
          };
          entries.push({ orgId, recordType: 'deal', recordId: deal.id, customerId: deal.customerId, actorUserId: actor.id, action: 'deal_stage_changed', changes });
        }
      }
      await this.deps.history.record(transaction, entries);
      const changed = archived.length > 0 || JSON.stringify(live.map(summary)) !== JSON.stringify([...kept, ...closed].map(summary));
      return { changed, stages: [...kept, ...closed], archived, movedDeals: entries.length };
    });
    if (outcome.changed) {
      await this.deps.identity.audit.record(
        {
          action: 'pipeline_changed',
          orgId,
          actorUserId: actor.id,
          actorLabel: actor.email,
          details: { stages: outcome.stages.map(summary), archived: outcome.archived.map(summary), movedDeals: outcome.movedDeals },
        },
        context,
      );
    }
    return this.view(orgId);
  }
}
