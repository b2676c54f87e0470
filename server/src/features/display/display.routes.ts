import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Counter, Ticket } from '@qms/shared';
import { IdParams, isActive } from '@qms/shared';
import { officeToday } from '../queue/queue.snapshot';
import { mediaUrl } from '../signage/signage.routes';

const CALL_TYPES = ['ticket.called', 'ticket.recalled'];
const RECENT_CALLS = 10;

interface RecentCall {
  seq: number;
  ticketId: string;
  code: string;
  counterId: string | null;
  counterNumber: number | null;
  at: string;
  recall: boolean;
}

/** What a hall display shows: its counters, the latest calls, the waiting per service, the playlist and the ticker. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const display = app.requireDevice('display');

  /**
   * The day's latest calls, read from the event log once per change of the queue: every display asks again
   * after an event, all at the same moment, and all of them get this one reading.
   */
  let calls: { seq: number; officeDay: string; rows: RecentCall[] } | null = null;
  const latestCalls = (seq: number, officeDay: string, counters: Record<string, Counter>): RecentCall[] => {
    if (calls?.seq === seq && calls.officeDay === officeDay) return calls.rows;
    const rows = app.queueRepo.latestOfDay(officeDay, CALL_TYPES, 200).map(({ seq: s, event }) => {
      const d = event.data as { ticket: Ticket; counter?: Counter };
      const counterId = d.counter?.id ?? d.ticket.counterId;
      return { seq: s, ticketId: d.ticket.id, code: d.ticket.code, counterId, counterNumber: counterId ? (counters[counterId]?.number ?? null) : null, at: new Date(event.at).toISOString(), recall: event.type === 'ticket.recalled' };
    });
    calls = { seq, officeDay, rows };
    return rows;
  };

  app.get('/api/display/home', { schema: { tags: ['display'], summary: 'Everything the hall display shows, for this display' }, onRequest: display }, async (request) => {
    const device = request.device!;
    const state = app.queue.current;
    const now = app.clock();
    const shows = (counterId: string | null) => counterId !== null && (device.settings.counters === null || device.settings.counters.includes(counterId));
    const counters = Object.values(state.counters)
      .filter((c) => isActive(c) && shows(c.id))
      .sort((a, b) => a.number - b.number)
      .map((c) => {
        const t = c.currentTicketId ? state.tickets[c.currentTicketId] : undefined;
        return {
          id: c.id,
          number: c.number,
          name: c.name,
          state: c.state,
          pauseReason: c.pauseReason,
          current: t ? { ticketId: t.id, code: t.code, status: t.status, calledAt: t.calledAt === null ? null : new Date(t.calledAt).toISOString() } : null,
        };
      });
    const seq = app.queue.lastSeq();
    const recentCalls = latestCalls(seq, state.officeDay, state.counters)
      .filter((c) => shows(c.counterId))
      .slice(0, RECENT_CALLS);
    return {
      device: { id: device.id, name: device.name },
      office: officeToday(state.settings, now),
      settings: { counters: device.settings.counters, layout: device.settings.layout, announce: device.settings.announce },
      counters,
      // A retired service shows only while its last tickets wait.
      services: Object.values(state.services)
        .filter((s) => isActive(s) || (state.waitingCount[s.id] ?? 0) > 0)
        .sort((a, b) => a.kioskOrder - b.kioskOrder)
        .map((s) => ({ id: s.id, prefix: s.prefix, nameRo: s.nameRo, nameEn: s.nameEn, color: s.color, waiting: state.waitingCount[s.id] ?? 0 })),
      recentCalls,
      playlist: app.media
        .list()
        .filter((m) => m.active)
        .map(({ id, kind, title, text, durationSeconds, schedule, file }) => ({ id, kind, title, url: mediaUrl(file), text, durationSeconds, schedule })),
      ticker: app.media.ticker(),
      seq,
    };
  });

  app.post('/api/display/media/:id/shown', { schema: { tags: ['display'], summary: 'The display showed a playlist item once', params: IdParams }, onRequest: display }, async (request, reply) => {
    app.media.shown(request.params.id);
    return reply.code(204).send();
  });
};

export default routes;
