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
    readonly details: { field?: string; issues?: Array<{ field: string; message: string }>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, field: this.details.field, issues: this.details.issues } };
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

/** A 400 naming the first offending field, with up to ten issues listed. */
export function validationError(error: z.ZodError, prefix = ''): HttpError {
  const issues = error.issues.slice(0, 10).map((issue) => ({ field: fieldPath(issue.path, prefix), message: issue.message }));
  const first = issues[0] ?? { field: '(body)', message: 'invalid' };
  return new HttpError(400, 'invalid_request', `${first.field}: ${first.message}`, { field: first.field, issues });
}

/** Parses `value` with `schema` or throws the 400 that names the field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}
