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

export const CALLBACK = 'http://partner.test/finsify/callback/state-123';

export async function newCustomer(handler: SandboxHandler, identifier = `user-${Math.random()}`): Promise<string> {
  const { status, json } = await api(handler, 'POST', '/v2/customer', { identifier });
  if (status !== 200) throw new Error(`customer: ${status} ${JSON.stringify(json)}`);
  return json.data.customer_id;
}

export async function newToken(handler: SandboxHandler, serviceId = 8, customerId?: string): Promise<{ id: string; connect_url: string }> {
  const customer_id = customerId ?? (await newCustomer(handler));
  const { status, json } = await api(handler, 'POST', '/v2/token', { customer_id, service_id: serviceId, callback_url: CALLBACK });
  if (status !== 200) throw new Error(`token: ${status} ${JSON.stringify(json)}`);
  return json.data;
}

/** Posts a connect-page form the way a browser does (urlencoded, same URL). */
export function postForm(handler: SandboxHandler, url: string, fields: Record<string, string>): Promise<Response> {
  return handler(new Request(url, { method: 'POST', body: new URLSearchParams(fields) }));
}

/** The JSON result a 303 to the callback carries, checked to start with the registered callback URL. */
export function callbackResult(response: Response, callback = CALLBACK): Json {
  if (response.status !== 303) throw new Error(`expected a 303, got ${response.status}`);
  const location = response.headers.get('location') ?? '';
  if (!location.startsWith(`${callback}/`)) throw new Error(`redirect to ${location}, not to the callback`);
  const segment = location.slice(callback.length + 1);
  if (segment.includes('/')) throw new Error('the result must be one path segment');
  return JSON.parse(decodeURIComponent(segment));
}

/** Opens the connect page, accepts the terms and signs in; returns the final answer. */
export async function connectWith(handler: SandboxHandler, connectUrl: string, username: string, password: string): Promise<Response> {
  const terms = await handler(new Request(connectUrl));
  if (terms.status !== 200) throw new Error(`terms page: ${terms.status}`);
  const accepted = await postForm(handler, connectUrl, { action: 'accept' });
  if (accepted.status !== 303) throw new Error(`accept: ${accepted.status}`);
  const form = await handler(new Request(new URL(accepted.headers.get('location')!, connectUrl)));
  if (!(await form.text()).includes('name="password"')) throw new Error('no login form after accepting');
  return postForm(handler, connectUrl, { action: 'login', username, password });
}

/** A connected login: its id and secret. */
export async function newLogin(handler: SandboxHandler, serviceId = 8): Promise<{ login_id: number; secret: string }> {
  const token = await newToken(handler, serviceId);
  return callbackResult(await connectWith(handler, token.connect_url, 'demo', 'demo'));
}
