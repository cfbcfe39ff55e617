import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSqlLiteral, withPlanCache } from './pglite-plan-cache.ts';

describe('PGlite plan cache', () => {
  let raw: PGlite;
  let client: PGlite;

  beforeAll(async () => {
    raw = await PGlite.create();
    client = withPlanCache(raw);
    await raw.exec(`create table notes (id serial primary key, body text, flag boolean, at timestamptz, amount numeric, doc jsonb)`);
  });
  afterAll(() => raw.close());

  const preparedCount = async () => (await raw.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements')).rows[0]?.n;

  it('prepares a text after a few runs and then answers exactly as the unnamed statement did', async () => {
    const insert = 'insert into notes (body, flag, at, amount) values ($1, $2, $3, $4) returning body, flag, at, amount';
    // Quotes, backslashes, an attempt to close the literal, Unicode (full-width and emoji), and an empty string.
    const bodies = ["it's", 'back\\slash \\\' end', "x'); drop table notes; --", '客户　ＡＢＣ 😀', '', 'E\'\\x41\''];
    const before = await preparedCount();
    for (const [index, body] of bodies.entries()) {
      const at = new Date(Date.UTC(2026, 0, 1 + index));
      const result = await client.query<{ body: string; flag: boolean; at: Date; amount: string }>(insert, [body, index % 2 === 0, at, 12.5 + index]);
      expect(result.rows[0]).toEqual({ body, flag: index % 2 === 0, at, amount: String(12.5 + index) });
    }
    expect(await preparedCount()).toBe((before ?? 0) + 1);
    const stored = await raw.query<{ body: string }>('select body from notes order by id');
    expect(stored.rows.map((row) => row.body)).toEqual(bodies);
  });

  it('keeps the affected-row count and nulls of prepared updates', async () => {
    const update = 'update notes set at = $1 where body = $2 and flag = $3';
    for (let run = 0; run < 4; run += 1) {
      const result = await client.query(update, [null, "it's", true]);
      expect(result.affectedRows).toBe(1);
      expect((await client.query(update, [null, 'no such note', true])).affectedRows).toBe(0);
    }
    expect((await raw.query<{ at: Date | null }>(`select at from notes where body = 'it''s'`)).rows[0]?.at).toBeNull();
  });

  it('sends values that are not plain scalars, and texts Postgres refuses to prepare, the ordinary way', async () => {
    const select = 'select $1::jsonb as doc';
    for (let run = 0; run < 4; run += 1) {
      expect((await client.query<{ doc: unknown }>(select, [JSON.stringify({ run })])).rows[0]?.doc).toEqual({ run });
    }
    const withArray = 'select array_length($1::text[], 1) as n';
    for (let run = 0; run < 4; run += 1) expect((await client.query<{ n: number }>(withArray, [['a', 'b', 'c']])).rows[0]?.n).toBe(3);
    const before = await preparedCount();
    const broken = 'select * from no_such_table where id = $1';
    for (let run = 0; run < 4; run += 1) await expect(client.query(broken, [1])).rejects.toThrow(/no_such_table/);
    expect(await preparedCount()).toBe(before);
  });

  it('quotes with node-postgres rules and refuses what it cannot quote', () => {
    expect(toSqlLiteral("o'clock")).toBe("'o''clock'");
    expect(toSqlLiteral('a\\b')).toBe(" E'a\\\\b'");
    expect(toSqlLiteral(null)).toBe('NULL');
    expect(toSqlLiteral(7)).toBe("'7'");
    expect(toSqlLiteral(true)).toBe("'true'");
    expect(toSqlLiteral('nul\0byte')).toBeNull();
    expect(toSqlLiteral(Number.NaN)).toBeNull();
    expect(toSqlLiteral(['a'])).toBeNull();
    expect(toSqlLiteral({ a: 1 })).toBeNull();
  });
});
