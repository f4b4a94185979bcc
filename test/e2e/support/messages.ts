/**
 * What `<finsify-connect>` shows, in English, taken from its own message catalogue: the tests
 * check that the person sees the message meant for the situation, not a copy of its wording.
 */
import { connectMessages } from '../../../src/connect/messages.js';

const english = (connectMessages as unknown as Record<string, Record<string, string>>)['en']!;

/** The widget's English text for `key`, with `{name}` placeholders filled. */
export function say(key: string, params: Record<string, string> = {}): string {
  const template = english[key];
  if (template === undefined) throw new Error(`<finsify-connect> has no English message "${key}" any more (src/connect/messages.ts)`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The button's label: `Connect <name>` (`your bank` without one). */
export const connectLabel = (name?: string) => say('connect', { name: name ?? say('yourBank') });
export const connectingLabel = (name?: string) => say('connecting', { name: name ?? say('yourBank') });
export const reconnectLabel = (name?: string) => say('reconnect', { name: name ?? say('yourBank') });

/** The success line: `{name} is connected.` (`Your bank …` without a name), as the widget shows it. */
export function connected(name?: string): string {
  const text = say('statusSuccess', { name: name ?? say('yourBank') });
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
