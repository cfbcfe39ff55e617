/**
 * A PostgreSQL unique violation (SQLSTATE 23505), however the driver (pg, PGlite) or Drizzle wraps it; with `index`,
 * only a violation of that unique index or constraint.
 */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    const { code, constraint, message } = current as { code?: unknown; constraint?: unknown; message?: unknown };
    if (code === '23505') return index === undefined || constraint === index || (typeof message === 'string' && message.includes(index));
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
