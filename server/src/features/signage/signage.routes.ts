import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, MediaUploadQuery, QmsError, TextSlideBody, TickerBody, UpdateMediaBody } from '@qms/shared';
import { MAX_VIDEO_BYTES, type MediaItem } from './media.repository';

export const DEFAULT_SLIDE_SECONDS = 10;

export const mediaUrl = (file: string | null): string | null => (file ? `/media/${file}` : null);

export const mediaView = (m: MediaItem) => ({
  id: m.id,
  kind: m.kind,
  title: m.title,
  url: mediaUrl(m.file),
  text: m.text,
  mime: m.mime,
  bytes: m.bytes,
  durationSeconds: m.durationSeconds,
  position: m.position,
  active: m.active,
  schedule: m.schedule,
  shownCount: m.shownCount,
  createdAt: new Date(m.createdAt).toISOString(),
});

/** Managers keep the hall displays' notice board: images, videos, text slides and the ticker. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.requireStaff('admin', 'manager');
  const changed = () => app.broadcastChange('signage');

  // Uploads arrive as the raw file, whatever type is claimed: the content is what gets checked.
  app.addContentTypeParser(/^(image\/|video\/|application\/octet-stream)/, { parseAs: 'buffer', bodyLimit: MAX_VIDEO_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.get('/api/media', { schema: { tags: ['signage'], summary: 'The playlist, in order, with how often each item was shown' }, onRequest: staff }, async () =>
    app.media.list().map(mediaView),
  );

  app.post(
    '/api/media',
    {
      schema: { tags: ['signage'], summary: 'Upload an image or a video (the raw file as the body)', querystring: MediaUploadQuery },
      onRequest: staff,
      bodyLimit: MAX_VIDEO_BYTES,
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new QmsError('QMS_ERR_VALIDATION', { detail: 'send the file itself as the body, with its Content-Type' }, { field: 'file' });
      }
      const { kind, title, durationSeconds } = request.query;
      const seconds = durationSeconds === undefined ? DEFAULT_SLIDE_SECONDS : Number(durationSeconds);
      if (seconds < 3 || seconds > 3600) throw new QmsError('QMS_ERR_VALIDATION', { detail: 'durationSeconds must be 3 to 3600' }, { field: 'durationSeconds' });
      const item = app.media.addFile(kind, title, request.body, seconds, app.clock());
      request.audit('media/add', item.title, { kind: item.kind, bytes: item.bytes });
      changed();
      reply.code(201);
      return mediaView(item);
    },
  );

  app.post('/api/media/text', { schema: { tags: ['signage'], summary: 'Add a text slide', body: TextSlideBody }, onRequest: staff }, async (request, reply) => {
    const item = app.media.addText(request.body.title, request.body.text, request.body.durationSeconds ?? DEFAULT_SLIDE_SECONDS, app.clock());
    request.audit('media/add', item.title, { kind: 'text' });
    changed();
    reply.code(201);
    return mediaView(item);
  });

  app.patch(
    '/api/media/:id',
    { schema: { tags: ['signage'], summary: 'Change a playlist item: title, duration, order, on/off, schedule', params: IdParams, body: UpdateMediaBody }, onRequest: staff },
    async (request) => {
      const item = app.media.update(request.params.id, request.body);
      request.audit('media/update', item.title);
      changed();
      return mediaView(item);
    },
  );

  app.delete('/api/media/:id', { schema: { tags: ['signage'], summary: 'Remove a playlist item and its file', params: IdParams }, onRequest: staff }, async (request, reply) => {
    const item = app.media.get(request.params.id);
    app.media.remove(item.id);
    request.audit('media/remove', item.title);
    changed();
    return reply.code(204).send();
  });

  app.get('/api/signage/ticker', { schema: { tags: ['signage'], summary: 'The notices of the ticker line' } }, async () => ({ texts: app.media.ticker() }));

  app.put('/api/signage/ticker', { schema: { tags: ['signage'], summary: 'Set the notices of the ticker line', body: TickerBody }, onRequest: staff }, async (request) => {
    app.media.setTicker(request.body.texts);
    request.audit('signage/ticker', null, { count: request.body.texts.length });
    changed();
    return { texts: app.media.ticker() };
  });
};

export default routes;
