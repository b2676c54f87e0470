import { counterActions, type CounterAction } from '../actions';

/** MQTT topics of one site. A site and a bridge name are single topic levels. */
export const mqttTopics = {
  commands: (site: string) => `qms/${site}/counter/+/cmd`,
  command: (site: string, counterNumber: number) => `qms/${site}/counter/${counterNumber}/cmd`,
  state: (site: string, counterNumber: number) => `qms/${site}/counter/${counterNumber}/state`,
  status: (site: string, name: string) => `qms/${site}/bridge/${name}/status`,
};

/** The counter number in `qms/<site>/counter/<n>/cmd`, or null. */
export function counterNumberOf(topic: string, site: string): number | null {
  const prefix = `qms/${site}/counter/`;
  if (!topic.startsWith(prefix) || !topic.endsWith('/cmd')) return null;
  const level = topic.slice(prefix.length, -'/cmd'.length);
  return /^[1-9]\d{0,5}$/.test(level) ? Number(level) : null;
}

/** A command payload is small; anything bigger is not from a button. */
export const maxMqttCommandBytes = 1024;

export type ParsedMqttCommand = { ok: true; action: CounterAction; id: string } | { ok: false; reason: string };

/** Reads `{"action": "next", "id": "..."}`. The id may be a string or a number (kept as text). */
export function parseMqttCommand(payload: Buffer): ParsedMqttCommand {
  if (payload.length > maxMqttCommandBytes) return { ok: false, reason: `payload larger than ${maxMqttCommandBytes} bytes` };
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'payload is not a JSON object' };
  const { action, id } = body as Record<string, unknown>;
  if (typeof action !== 'string' || !(counterActions as readonly string[]).includes(action)) {
    return { ok: false, reason: `unknown action ${JSON.stringify(action ?? null)}` };
  }
  const text = typeof id === 'number' && Number.isFinite(id) ? String(id) : typeof id === 'string' ? id.trim() : '';
  if (text === '' || text.length > 100) return { ok: false, reason: 'missing or invalid id' };
  return { ok: true, action: action as CounterAction, id: text };
}

/** Checks that a value can be one topic level (no separators or wildcards). */
export function isTopicLevel(value: string): boolean {
  return value.length > 0 && !/[/+#\u0000]/.test(value);
}
