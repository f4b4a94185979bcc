import { createSandbox } from '../../../src/sandbox.js';
import type { SandboxHandler, SandboxOptions } from '../../../src/sandbox.js';

export const BASE = 'http://sandbox.test';
export const AUTH = { 'client-id': 'sandbox-client', 'service-secret': 'sandbox-service-secret' } as const;

/** A clock the test moves by hand. */
export function fakeClock(start = Date.parse('2024-05-15T08:00:00.000Z')): { now: () => number; advance(ms: number): void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

/** A small seeded generator (mulberry32), so generated data is reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sandbox(options: SandboxOptions = {}): SandboxHandler {
  return createSandbox({ random: seeded(1), slowBankDelayMs: 5, ...options });
}

/** Calls an API endpoint with the default credentials and a JSON body. */
// Answers are asserted field by field in the tests, so their bodies are typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function api(
  handler: SandboxHandler,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Json; response: Response }> {
  const init: RequestInit = { method, headers: { ...AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await handler(new Request(BASE + path, init));
  const text = await response.text();
  let json: Json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, response };
}
