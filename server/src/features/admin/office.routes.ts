import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { QueueState } from '@qms/shared';
import { officeSettingsDto, OfficeSettingsBody } from '@qms/shared';
import { runCommand } from '../queue/command';

const officeView = (state: QueueState) => ({ settings: officeSettingsDto(state.settings), officeDay: state.officeDay });

/** The office's own settings: name, zone, hours and special days, languages, priority ratio, ticket texts. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/office',
    { schema: { tags: ['setup'], summary: "The office's settings, with every default filled in (managers and administrators)" }, onRequest: app.requireStaff('admin', 'manager') },
    async () => officeView(app.queue.current),
  );

  app.put(
    '/api/office',
    {
      schema: { tags: ['setup'], summary: "Change the office's settings (administrators); kiosks and displays follow at once", body: OfficeSettingsBody },
      onRequest: app.requireStaff('admin'),
    },
    async (request, reply) => {
      const body = await runCommand(request, reply, { type: 'office/update', settings: request.body }, (_events, state) => ({
        statusCode: 200,
        body: officeView(state),
      }));
      app.broadcastChange('office');
      return body;
    },
  );
};

export default routes;
