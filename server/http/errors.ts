/** Errors as data: one shape for every 4xx/5xx body, and the zod issue → field-path translation. */
import type { z } from 'zod';

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; issues?: Array<{ field: string; message: string }> };
}

/** An error the HTTP layer turns into a response with this status and body. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: {
      field?: string;
      issues?: Array<{ field: string; message: string }>;
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, field: this.details.field, issues: this.details.issues },
    };
  }
}

/** Renders a zod path like `alerts[3].labels.alertname`; `prefix` names the root (e.g. the body). */
export function fieldPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(body)' : out;
}

type Issue = z.core.$ZodIssue;

/**
 * A union ("one event or an array of them") fails as a whole; the branch that got furthest before failing is the
 * one the client meant, so its issues name the field.
 */
function unwrapUnions(
  issues: readonly Issue[],
  base: PropertyKey[] = [],
): Array<{ path: PropertyKey[]; message: string }> {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly Issue[]) =>
        Math.max(
          ...branch.map(
            (inner) => inner.path.length + (inner.code === 'invalid_type' && inner.path.length === 0 ? -1 : 0),
          ),
        );
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0] ?? [];
      return unwrapUnions(best, path);
    }
    return [{ path, message: issue.message }];
  });
}

/** A 400 naming the first offending field, with up to ten issues listed. */
export function validationError(error: z.ZodError, prefix = ''): HttpError {
  const issues = unwrapUnions(error.issues)
    .slice(0, 10)
    .map((issue) => ({ field: fieldPath(issue.path, prefix), message: issue.message }));
  const first = issues[0] ?? { field: '(body)', message: 'invalid' };
  return new HttpError(400, 'invalid_request', `${first.field}: ${first.message}`, { field: first.field, issues });
}

/** Parses `value` with `schema` or throws the 400 that names the field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}
