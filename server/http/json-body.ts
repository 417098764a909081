/**
 * JSON request bodies: Fastify's own parser, which refuses `__proto__` keys (and `constructor` objects holding
 * `prototype`) so that no body can reach an object's prototype. It answers them as "Body is not valid JSON", which
 * sends a client looking for a syntax error that is not there; this says which key is refused, and where.
 */
import type { FastifyInstance } from 'fastify';
import { fieldPath, HttpError } from './errors.ts';

/** Replaces the application/json parser of `app` (and of every route registered after it). */
export function useJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Fastify's parser answers through the callback; what it returns carries nothing.
    void parse(request, body.toString(), (error, value) => {
      const refused = error ? forbiddenKey(body) : null;
      if (refused === null) {
        done(error, value);
        return;
      }
      const field = fieldPath(refused);
      const rule =
        refused.at(-1) === '__proto__' ? 'a "__proto__" key' : 'a "constructor" object with a "prototype" key';
      done(
        new HttpError(400, 'invalid_request', `${field}: ${rule} is not allowed in a JSON body`, { field }),
        undefined,
      );
    });
  });
}

/** Where `text` (valid JSON) holds a key Fastify refuses, or null when it is not valid JSON or holds none. */
function forbiddenKey(text: string | Buffer): Array<string | number> | null {
  let value: unknown;
  try {
    value = JSON.parse(text.toString());
  } catch {
    return null;
  }
  // Depth-first without recursion (a body may nest thousands of levels); paths are rebuilt only for the answer.
  interface Node {
    value: unknown;
    key: string | number | null;
    parent: Node | null;
  }
  const pathOf = (node: Node, ...tail: string[]) => {
    const reversed: Array<string | number> = [];
    for (let at: Node | null = node; at !== null && at.key !== null; at = at.parent) reversed.push(at.key);
    return [...reversed.reverse(), ...tail];
  };
  const stack: Node[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const current = node.value;
    if (typeof current !== 'object' || current === null) continue;
    if (Array.isArray(current)) {
      current.forEach((item: unknown, index) => stack.push({ value: item, key: index, parent: node }));
      continue;
    }
    if (Object.hasOwn(current, '__proto__')) return pathOf(node, '__proto__');
    for (const [key, child] of Object.entries(current as Record<string, unknown>)) {
      if (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype')) {
        return pathOf(node, 'constructor', 'prototype');
      }
      stack.push({ value: child, key, parent: node });
    }
  }
  return null;
}
