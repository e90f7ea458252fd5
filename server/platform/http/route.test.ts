import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoint } from '../../../shared/core/contract.ts';
import { type Route, mountRoutes, offContract, openApiDocument, route } from './route.ts';

const contract = endpoint({ method: 'get', path: '/thing', response: z.object({ id: z.number(), name: z.string(), at: z.string() }) });

/** A route whose answer drifted from its contract: `name` became a number, as an untyped handler could return. */
const drifted = route(contract, {
  summary: 'a thing',
  access: 'public',
  handler: async () => JSON.parse('{"id": 1, "name": 2, "at": "2026-01-01T00:00:00.000Z"}'),
});
const kept = route(contract, { summary: 'a thing', access: 'public', handler: async () => ({ id: 1, name: 'a', at: new Date(0) }) });

async function serve(r: Route, on: boolean) {
  const app = express();
  const logged: unknown[] = [];
  mountRoutes(app as unknown as express.Router, [r], async () => null, { on, log: { error: (...a: unknown[]) => void logged.push(a) } as never });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/thing`);
  server.close();
  return { status: res.status, body: await res.json(), logged };
}

describe('the route table holds answers to their contracts', () => {
  it('with the answer check on, a route answering off its schema fails with a 500 off_contract and a log line', async () => {
    const r = await serve(drifted, true);
    expect(r.status).toBe(500);
    expect(r.body).toEqual({
      error: 'off_contract',
      message: 'GET /thing answered off its contract',
      details: [{ path: 'answer.name', message: 'Invalid input: expected string, received number' }],
    });
    expect(r.logged).toHaveLength(1);
  });

  it('a field the contract does not name is off it too (a detail sent that no client was told of)', async () => {
    const leaky = route(contract, {
      summary: 'a thing',
      access: 'public',
      handler: async () => ({ id: 1, name: 'a', at: 'x', phone: '13800000000' }) as never,
    });
    const r = await serve(leaky, true);
    expect(r.status).toBe(500);
    expect(r.body.details).toEqual([{ path: 'answer.phone', message: 'not in the contract' }]);
  });

  it('an answer on its contract passes as sent, a Date written as its ISO string; with the check off nothing is checked', async () => {
    expect(await serve(kept, true)).toMatchObject({ status: 200, body: { id: 1, name: 'a', at: '1970-01-01T00:00:00.000Z' } });
    expect(offContract(kept, { id: 1, name: 'a', at: new Date(0) })).toBeNull();
    expect((await serve(drifted, false)).status).toBe(200);
  });

  it('writes the answer schema and the error body into the OpenAPI description', () => {
    const doc = openApiDocument([kept], { title: 't', version: '0' }) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const responses = doc.paths['/api/thing']!.get!.responses as Record<string, { content: Record<string, { schema: { properties: object } }> }>;
    expect(Object.keys(responses['200']!.content['application/json']!.schema.properties)).toEqual(['id', 'name', 'at']);
    expect(Object.keys(responses['4XX']!.content['application/json']!.schema.properties)).toEqual(['error', 'message', 'details']);
  });
});
