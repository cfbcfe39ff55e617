import fastJson from 'fast-json-stringify';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError, serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { $ZodType } from 'zod/v4/core';

type RouteSchema = Parameters<FastifySerializerCompiler<unknown>>[0];

/**
 * zod node types whose JSON Schema says exactly what is written. Anything else keeps zod's encoder for that route: a
 * transform or pipe (the wire form is computed by code), and unions, where fast-json-stringify picks the branch by
 * validating the value against each and a value no branch accepts exactly would fail at run time rather than be encoded.
 */
const EXPRESSIBLE = new Set(['string', 'number', 'int', 'boolean', 'null', 'date', 'object', 'array', 'nullable', 'optional', 'literal', 'enum', 'record', 'unknown', 'any']);

function zodSchemaOf(routeSchema: RouteSchema['schema']): $ZodType | null {
  if (routeSchema instanceof $ZodType) return routeSchema;
  const properties = (routeSchema as { properties?: unknown }).properties;
  return properties instanceof $ZodType ? properties : null;
}

/** The JSON Schema of what a route sends (zod's output side), dates as RFC 3339 strings; null when not expressible. */
export function responseJsonSchema(schema: $ZodType): Record<string, unknown> | null {
  let expressible = true;
  const json = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
    override: (context) => {
      const type = context.zodSchema._zod.def.type;
      if (!EXPRESSIBLE.has(type)) expressible = false;
      if (type === 'date') Object.assign(context.jsonSchema, { type: 'string', format: 'date-time' });
    },
  }) as Record<string, unknown>;
  return expressible ? nullableAsTypeList(json) : null;
}

type JsonSchemaNode = Record<string, unknown>;

/**
 * `{anyOf: [{type: 'string', format: 'date-time'}, {type: 'null'}]}` (zod's form of a nullable date) as
 * `{type: ['string', 'null'], format: 'date-time'}`: fast-json-stringify writes an anyOf by validating the value against
 * each branch with a compiled Ajv validator (38 KB and 2.4 ms to compile per route, a validation per value), a type
 * list by a typeof check.
 */
function nullableAsTypeList(node: JsonSchemaNode): JsonSchemaNode {
  const walk = (value: unknown): unknown => (value && typeof value === 'object' && !Array.isArray(value) ? nullableAsTypeList(value as JsonSchemaNode) : value);
  const result: JsonSchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') result[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, walk(child)]));
    else if (key === 'items' || key === 'additionalProperties') result[key] = walk(value);
    else result[key] = value;
  }
  const branches = result.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2 || Object.keys(result).length !== 1) return result;
  const [first, second] = branches as JsonSchemaNode[];
  const isNull = (branch: JsonSchemaNode | undefined) => branch?.type === 'null' && Object.keys(branch).length === 1;
  const other = isNull(second) ? first : isNull(first) ? second : undefined;
  if (!other || typeof other.type !== 'string' || Object.keys(other).some((key) => key !== 'type' && key !== 'format')) return result;
  return { ...other, type: [other.type, 'null'] };
}

/** Compiled once per schema object: the schemas are module constants, shared by every app a process builds. */
const compiled = new WeakMap<$ZodType, ((data: unknown) => string) | null>();

function compiledWriter(schema: $ZodType): ((data: unknown) => string) | null {
  let write = compiled.get(schema);
  if (write === undefined) {
    const json = responseJsonSchema(schema);
    write = json ? fastJson(json) : null;
    compiled.set(schema, write);
  }
  return write;
}

/**
 * Replies are written by fast-json-stringify (Fastify's own serializer), compiled from the JSON Schema of each route's
 * zod response schema on the route's first reply — compiling all ~550 at start-up would cost every server start a
 * fifth of a second. Like zod's encoder it writes only the declared properties, so nothing a handler returns by mistake
 * leaks; it does not re-validate every value, which made a 50-row customer page cost ~0.45 ms to write (now ~0.28).
 * With `checkAgainstZod` (the test suites) every reply is also encoded by zod: one that does not match its schema fails
 * as it would under zod, and one the two would write differently fails too, so every API test checks the serializers.
 */
export function createResponseSerializerCompiler(options: { checkAgainstZod: boolean }): FastifySerializerCompiler<unknown> {
  const fallback = zodSerializerCompiler as unknown as FastifySchemaCompiler<unknown>;
  return (route: RouteSchema) => {
    const schema = zodSchemaOf(route.schema);
    if (!schema) return fallback(route) as (data: unknown) => string;
    let zodWrite: ((data: unknown) => string) | undefined;
    const writeWithZod = (data: unknown) => (zodWrite ??= fallback(route) as (data: unknown) => string)(data);
    return (data: unknown) => {
      const write = compiledWriter(schema);
      if (!write) return writeWithZod(data);
      if (!options.checkAgainstZod) return write(data);
      const encoded = z.safeEncode(schema, data);
      if (encoded.error) throw new ResponseSerializationError(route.method, route.url, { cause: encoded.error });
      const written = write(data);
      const expected = JSON.stringify(encoded.data);
      if (!isDeepStrictEqual(JSON.parse(written), JSON.parse(expected))) {
        throw new Error(`${route.method} ${route.url}: the compiled serializer wrote ${written.slice(0, 400)} where zod writes ${expected.slice(0, 400)}`);
      }
      return written;
    };
  };
}
