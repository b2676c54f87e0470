import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AnnouncementPreviewQuery, callPhrase } from '@qms/shared';

/** What the hall display says for a call, for previews and for players that build their own queue. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/announcements/preview',
    { schema: { tags: ['announcements'], summary: 'The text and the audio clips of a call, e.g. ?code=A023&counter=4&lang=ro', querystring: AnnouncementPreviewQuery } },
    async (request) => callPhrase(request.query.code, Number(request.query.counter), request.query.lang ?? 'ro'),
  );
};

export default routes;
