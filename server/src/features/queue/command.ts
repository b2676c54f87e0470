import type { Actor, AnyCommand, QueueEvent, QueueState } from '@qms/shared';
import { isSetupCommand, QmsError } from '@qms/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { setupAudit } from '../admin/setup-audit';
import { commandAudit } from '../audit/command-audit';
import { commandActor } from '../auth/counter-binding';
import type { Reply } from './queue.engine';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Runs a queue command for an HTTP request. With an `Idempotency-Key` header, a retried or double-pressed
 * request gets the first one's answer instead of acting twice; the key is scoped to who sent it. A clerk's
 * command is bound to the counter of their session. A command that succeeds goes into the audit log in the
 * same transaction as its events; a repeat answered from the idempotency store did nothing and does not.
 */
export async function runCommand(
  request: FastifyRequest,
  reply: FastifyReply,
  command: AnyCommand,
  respond: (events: QueueEvent[], state: QueueState) => Reply,
  /** Who acts when no staff member is signed in: a device working for one counter. */
  deviceActor?: Actor,
): Promise<unknown> {
  const actor = request.session ? commandActor(request.session, command, request.server.queue.current) : deviceActor;
  const header = request.headers['idempotency-key'];
  let idempotency: { key: string; fingerprint: string } | undefined;
  if (header !== undefined) {
    if (typeof header !== 'string' || !KEY.test(header)) {
      throw new QmsError('QMS_ERR_VALIDATION', { detail: 'Idempotency-Key must be 8 to 128 letters, digits or ._:-' });
    }
    const who = request.user ? `user:${request.user.id}` : request.device ? `device:${request.device.id}` : `anon:${request.ip}`;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.routeOptions.url} ${JSON.stringify(request.params)} ${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    idempotency = { key: `${who}:${header}`, fingerprint };
  }
  // The engine runs every command of the core, queue and setup alike, in one order.
  const result = await request.server.queue.execute(command, {
    actor,
    idempotency,
    reply: (events, state) => {
      const answer = respond(events, state);
      const { target, detail } = isSetupCommand(command) ? setupAudit(command, events) : commandAudit(command, events);
      request.audit(command.type, target, detail);
      return answer;
    },
  });
  reply.code(result.statusCode);
  return result.body;
}
