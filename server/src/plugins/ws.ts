import websocket from '@fastify/websocket';
import type { ClientMessage, ServerMessage } from '@qms/shared';
import { toWireEvent, topicsOf } from '@qms/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { WebSocket } from 'ws';
import type { Published } from '../features/queue/queue.engine';
import { replayFloor } from '../features/backups/restore';
import { snapshot } from '../features/queue/queue.snapshot';

declare module 'fastify' {
  interface FastifyInstance {
    /** Tells clients subscribed to `what` (a topic such as 'signage') that it changed. */
    broadcastChange: (what: string) => void;
    /** Sends a message to the clients subscribed to one topic (not to '*'); returns how many got it. */
    pushTo: (topic: string, message: ServerMessage) => number;
  }
}

interface Client {
  socket: WebSocket;
  topics: Set<string>;
  ready: boolean;
  lastHeard: number;
}

/** Most events a reconnecting client is replayed; further behind, it gets a fresh snapshot instead. */
export const MAX_REPLAY = 5000;
const MAX_BUFFERED = 8 * 1024 * 1024;

/**
 * The only place that pushes to clients: committed events from the queue's bus go out to every client
 * subscribed to one of their topics, as `{seq, type, at, data}`.
 */
export default fp(
  async function ws(app: FastifyInstance, opts: { heartbeatSeconds: number }) {
    // Clients catch up by replay only within the history since the last restore of a backup.
    const floor = replayFloor(app.sqlite);
    await app.register(websocket, {
      options: { maxPayload: 64 * 1024 },
      // 1012 "service restart" tells clients to come back and resume from their last seq.
      preClose(done) {
        for (const client of this.websocketServer.clients) client.close(1012, 'server restarting');
        this.websocketServer.close(() => done());
      },
    });
    const clients = new Set<Client>();
    const send = (c: Client, m: ServerMessage | string) => {
      if (c.socket.readyState !== c.socket.OPEN) return;
      // A client that cannot keep up is dropped; it reconnects and catches up from its last seq.
      if (c.socket.bufferedAmount > MAX_BUFFERED) return c.socket.terminate();
      c.socket.send(typeof m === 'string' ? m : JSON.stringify(m));
    };

    const onEvent = ({ seq, event }: Published) => {
      if (clients.size === 0) return;
      const topics = topicsOf(event);
      let message: string | undefined;
      for (const c of clients) {
        if (!c.ready || !(c.topics.has('*') || topics.some((t) => c.topics.has(t)))) continue;
        message ??= JSON.stringify(toWireEvent(seq, event));
        send(c, message);
      }
    };
    app.queue.bus.on('event', onEvent);

    app.decorate('pushTo', (topic: string, m: ServerMessage) => {
      const message = JSON.stringify(m);
      let sent = 0;
      for (const c of clients) {
        if (c.ready && c.topics.has(topic)) {
          send(c, message);
          sent++;
        }
      }
      return sent;
    });

    app.decorate('broadcastChange', (what: string) => {
      const message = JSON.stringify({ type: 'changed', what } satisfies ServerMessage);
      for (const c of clients) if (c.ready && (c.topics.has(what) || c.topics.has('*'))) send(c, message);
    });

    const hello = (c: Client, topics: string[] | undefined, lastSeq: number | null | undefined) => {
      c.topics = new Set(topics && topics.length > 0 ? topics : ['queue']);
      const seq = app.queue.lastSeq();
      const canReplay =
        typeof lastSeq === 'number' &&
        lastSeq >= 0 &&
        lastSeq <= seq &&
        seq - lastSeq <= MAX_REPLAY &&
        lastSeq >= app.queueRepo.firstSeq() - 1 &&
        lastSeq >= floor;
      if (canReplay) {
        send(c, { type: 'replay', fromSeq: lastSeq + 1, toSeq: seq });
        for (const { seq: s, event } of app.queueRepo.eventsAfter(lastSeq, MAX_REPLAY)) {
          if (c.topics.has('*') || topicsOf(event).some((t) => c.topics.has(t))) send(c, JSON.stringify(toWireEvent(s, event)));
        }
      } else {
        send(c, { type: 'snapshot', seq, data: snapshot(app.queue.current, app.clock(), seq) });
      }
      // Synchronous from the read above to here: no event can slip between the catch-up and the live feed.
      c.ready = true;
      send(c, { type: 'ready', seq });
    };

    app.get('/ws', { websocket: true, schema: { hide: true } }, (socket, request) => {
      const c: Client = { socket, topics: new Set(), ready: false, lastHeard: Date.now() };
      clients.add(c);
      socket.on('close', () => clients.delete(c));
      socket.on('pong', () => (c.lastHeard = Date.now()));
      socket.on('message', (raw) => {
        c.lastHeard = Date.now();
        let m: ClientMessage;
        try {
          m = JSON.parse(String(raw)) as ClientMessage;
        } catch {
          return send(c, { type: 'error', code: 'QMS_ERR_VALIDATION', message: 'Messages must be JSON' });
        }
        // JSON that is no object (null, a number, a string) has no type to read.
        if (m === null || typeof m !== 'object') return send(c, { type: 'error', code: 'QMS_ERR_VALIDATION', message: 'Messages must be JSON objects' });
        if (m.type === 'ping') return send(c, { type: 'pong', seq: app.queue.lastSeq() });
        if (m.type === 'hello') {
          const topicsOk = m.topics === undefined || (Array.isArray(m.topics) && m.topics.every((t) => typeof t === 'string' && t.length <= 100));
          if (!topicsOk) return send(c, { type: 'error', code: 'QMS_ERR_VALIDATION', message: 'topics must be a list of strings' });
          return hello(c, m.topics, m.lastSeq);
        }
        send(c, { type: 'error', code: 'QMS_ERR_VALIDATION', message: `Unknown message type ${String((m as { type?: unknown }).type)}` });
      });
      // Simple clients can say hello in the URL: /ws?topics=queue,counter:counter-1&lastSeq=42
      const q = request.query as { topics?: string; lastSeq?: string };
      if (q.topics !== undefined || q.lastSeq !== undefined) {
        const lastSeq = q.lastSeq !== undefined && /^\d+$/.test(q.lastSeq) ? Number(q.lastSeq) : null;
        hello(c, q.topics?.split(',').filter(Boolean), lastSeq);
      }
    });

    const intervalMs = opts.heartbeatSeconds * 1000;
    const timer = setInterval(() => {
      const now = Date.now();
      const seq = app.queue.lastSeq();
      const beat = JSON.stringify({ type: 'heartbeat', seq, at: new Date(app.clock()).toISOString() } satisfies ServerMessage);
      for (const c of clients) {
        if (now - c.lastHeard > 3 * intervalMs) {
          c.socket.terminate();
          continue;
        }
        send(c, beat);
        c.socket.ping();
      }
    }, intervalMs);
    timer.unref();

    app.addHook('preClose', async () => {
      clearInterval(timer);
      app.queue.bus.off('event', onEvent);
    });
  },
  { name: 'ws', dependencies: ['queue'] },
);
