import Fastify from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createResponseSerializerCompiler, responseJsonSchema } from './response-serializer.ts';

const member = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'sales']),
  lastSeenAt: z.date().nullable(),
  createdAt: z.date(),
  tags: z.array(z.string()),
  phone: z.string().optional(),
  settings: z.record(z.string(), z.number()),
});
const page = z.object({ items: z.array(member), total: z.number().nullable() });

const createdAt = new Date('2026-12-07T08:30:00.000Z');
const row = { id: 'm1', name: '张伟 "Zhang" \u2028', role: 'sales', lastSeenAt: null, createdAt, tags: ['重点'], settings: { quota: 3 } };

async function appWith(checkAgainstZod: boolean, reply: () => unknown, schema: z.ZodType = page) {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializerCompiler({ checkAgainstZod }));
  app.withTypeProvider<ZodTypeProvider>().get('/reply', { schema: { response: { 200: schema } } }, async () => reply() as never);
  await app.ready();
  return app;
}

describe('response serializer', () => {
  it('writes only the declared properties, dates as RFC 3339, exactly what zod would write', async () => {
    // A handler that returns a whole database row by mistake must not leak the columns the schema leaves out.
    const leaky = { ...row, passwordHash: '$argon2id$secret', lastSeenAt: createdAt, settings: { quota: 3 } };
    for (const check of [false, true]) {
      const app = await appWith(check, () => ({ items: [leaky, row], total: 2, internal: 'x' }));
      const response = await app.inject({ method: 'GET', url: '/reply' });
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('argon2');
      expect(response.body).not.toContain('internal');
      expect(JSON.parse(response.body)).toEqual(JSON.parse(JSON.stringify(z.encode(page, { items: [leaky, row], total: 2 } as never))));
      expect(response.json<{ items: { lastSeenAt: string }[] }>().items[0]?.lastSeenAt).toBe('2026-12-07T08:30:00.000Z');
      await app.close();
    }
  });

  it('checked against zod (the test suites), a reply that does not match its schema fails as under zod', async () => {
    const wrong = () => ({ items: [{ ...row, createdAt: 'yesterday' }], total: 1 });
    const checked = await appWith(true, wrong);
    expect((await checked.inject({ method: 'GET', url: '/reply' })).statusCode).toBe(500);
    await checked.close();
    const missing = await appWith(true, () => ({ items: [{ ...row, name: undefined }], total: 1 }));
    expect((await missing.inject({ method: 'GET', url: '/reply' })).statusCode).toBe(500);
    await missing.close();
  });

  it('keeps zod for what JSON Schema cannot say exactly: codecs and unions', async () => {
    const shouted = z.object({ name: z.codec(z.string(), z.string(), { decode: (value) => value.toLowerCase(), encode: (value) => value.toUpperCase() }) });
    expect(responseJsonSchema(shouted)).toBeNull();
    const transformed = await appWith(false, () => ({ name: 'quiet' }), shouted);
    expect((await transformed.inject({ method: 'GET', url: '/reply' })).json()).toEqual({ name: 'QUIET' });
    await transformed.close();

    const outcome = z.union([z.object({ kind: z.literal('done'), at: z.date() }), z.object({ kind: z.literal('pending'), methods: z.array(z.string()) })]);
    expect(responseJsonSchema(outcome)).toBeNull();
    const union = await appWith(false, () => ({ kind: 'pending', methods: ['totp'], secret: 'x' }), outcome);
    expect((await union.inject({ method: 'GET', url: '/reply' })).json()).toEqual({ kind: 'pending', methods: ['totp'] });
    await union.close();
  });

  it('describes nullable dates and optional fields in the compiled schema', () => {
    const json = responseJsonSchema(member) as { properties: Record<string, unknown>; required: string[] };
    expect(json.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
    // A nullable date as a type list, not an anyOf (which fast-json-stringify would check with Ajv for every value).
    expect(json.properties.lastSeenAt).toEqual({ type: ['string', 'null'], format: 'date-time' });
    expect(json.required).not.toContain('phone');
    expect(json.required).toContain('lastSeenAt');
  });
});
