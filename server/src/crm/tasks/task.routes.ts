import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst, requireCrmRead, requireCrmWrite, resolveCaller, type AccessService } from '../access/access.service.ts';
import { recordParams } from '../customers/customer.schema.ts';
import { taskCountsQuery, taskCountsSchema, taskCreateBody, taskListQuery, taskPageSchema, taskSchema, taskTrashedSchema, taskUpdateBody } from './task.schema.ts';
import type { TaskService } from './task.service.ts';

/** Tasks are everyday records of the people they are assigned to: trash and restore need crm.write, not crm.delete. */
export function registerTaskRoutes(parent: FastifyInstance, access: AccessService, tasks: TaskService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['tasks'];
  const notFound = { 404: errorSchema };
  const read = checkedFirst(requireCrmRead);
  const write = checkedFirst(requireCrmWrite);

  app.get(
    '/api/tasks',
    {
      ...read,
      schema: {
        tags,
        summary: "Tasks in your data scope. view=my_day: your open tasks due before the end of today in `tz` (overdue first) and those without a date",
        querystring: taskListQuery,
        response: { 200: taskPageSchema },
      },
    },
    async (request) => tasks.list(await resolveCaller(access, request, requireCrmRead(request)), request.query),
  );

  app.get('/api/tasks/counts', { ...read, schema: { tags, summary: 'Your open tasks: overdue, due later today (in `tz`), without a date', querystring: taskCountsQuery, response: { 200: taskCountsSchema } } }, async (request) =>
    tasks.counts(await resolveCaller(access, request, requireCrmRead(request)), request.query.tz),
  );

  app.get('/api/tasks/:id', { ...read, schema: { tags, summary: 'One task', params: recordParams, response: { 200: taskSchema, ...notFound } } }, async (request) =>
    tasks.get(await resolveCaller(access, request, requireCrmRead(request)), request.params.id),
  );

  app.post(
    '/api/tasks',
    { ...write, schema: { tags, summary: 'Create a task (sales assign only themselves, managers their team)', body: taskCreateBody, response: { 201: taskSchema, ...notFound } } },
    async (request, reply) => reply.status(201).send(await tasks.create(await resolveCaller(access, request, requireCrmWrite(request)), request.body)),
  );

  app.patch(
    '/api/tasks/:id',
    { ...write, schema: { tags, summary: 'Edit a task (send the version you loaded: 409 crm.stale_version if someone saved since)', params: recordParams, body: taskUpdateBody, response: { 200: taskSchema, ...notFound } } },
    async (request) => tasks.update(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body),
  );

  app.post('/api/tasks/:id/complete', { ...write, schema: { tags, summary: 'Mark a task done (idempotent)', params: recordParams, response: { 200: taskSchema, ...notFound } } }, async (request) =>
    tasks.complete(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );

  app.post('/api/tasks/:id/reopen', { ...write, schema: { tags, summary: 'Open a done task again (idempotent)', params: recordParams, response: { 200: taskSchema, ...notFound } } }, async (request) =>
    tasks.reopen(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );

  app.delete('/api/tasks/:id', { ...write, schema: { tags, summary: 'Move a task to the trash', params: recordParams, response: { 200: taskTrashedSchema, ...notFound } } }, async (request) =>
    tasks.trash(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );

  app.post('/api/tasks/:id/restore', { ...write, schema: { tags, summary: 'Bring a task back from the trash', params: recordParams, response: { 200: taskSchema, ...notFound } } }, async (request) =>
    tasks.restore(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );
}
