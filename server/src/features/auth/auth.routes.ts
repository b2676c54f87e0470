import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChooseCounterBody, LoginBody, QmsError, SetupBody } from '@qms/shared';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../../plugins/auth';
import type { Session } from './auth.repository';
import { checkAllowedCounter } from './counter-binding';
import { dummyHash, hashPassword, verifyPassword } from './passwords';

const setupPage = `<!doctype html>
<html lang="ro"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Configurare inițială · First-run setup</title>
<style>body{font:18px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}
label{display:block;margin:1rem 0 .3rem}input,button{font:inherit;padding:.6rem;width:100%;box-sizing:border-box}
button{margin-top:1.5rem;background:#0b3d91;color:#fff;border:0;border-radius:.3rem}#msg{margin-top:1rem;font-weight:600}</style></head>
<body><h1>Configurare inițială</h1><p lang="en"><i>First-run setup</i>: creează contul primului administrator · create the first administrator account.</p>
<form id="f"><label for="u">Utilizator · User name</label><input id="u" name="username" autocomplete="username" required minlength="3">
<label for="p">Parolă (minim 8 caractere) · Password (8 characters or more)</label><input id="p" name="password" type="password" autocomplete="new-password" required minlength="8">
<button>Creează administratorul · Create administrator</button></form><p id="msg" role="status"></p>
<script>document.getElementById('f').addEventListener('submit',async(e)=>{e.preventDefault();const f=new FormData(e.target);
const r=await fetch('/api/setup',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({username:f.get('username'),password:f.get('password')})});
const b=await r.json();document.getElementById('msg').textContent=r.ok?'Gata. Administratorul a fost creat · Done, the administrator exists.':b.message;});</script>
</body></html>`;

/** The signed-in staff member and the counter their session works at, as the panel sees them. */
const me = (session: Session) => ({ ...session.user, counterId: session.counterId });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.authRepo;
  const cookieOptions = (secure: boolean) =>
    ({ path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: SESSION_TTL_MS / 1000 }) as const;

  /** A counter the person may choose: one that exists, works, and is on their list (when they have one). */
  const chosenCounter = (counterId: string | null | undefined, who: Pick<Session, 'counters'>): string | null => {
    if (!counterId) return null;
    const state = app.queue.current;
    const counter = state.counters[counterId];
    if (!counter) throw new QmsError('QMS_ERR_COUNTER_NOT_FOUND', { counterId });
    if (counter.active === false) throw new QmsError('QMS_ERR_COUNTER_RETIRED', { counter: counter.number });
    checkAllowedCounter(who, counterId, state);
    return counterId;
  };

  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['staff'], summary: 'Sign in, optionally at a counter; sets the session cookie', body: LoginBody },
      config: {
        rateLimit: {
          max: 10,
          timeWindow: 60_000,
          // After validation, so the key can name the account being tried.
          hook: 'preHandler',
          keyGenerator: (request) => `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
          errorResponseBuilder: () => new QmsError('QMS_ERR_TOO_MANY_ATTEMPTS'),
          onExceeded: (request) => request.log.warn({ ip: request.ip }, 'sign-in attempts over the limit'),
        },
      },
    },
    async (request, reply) => {
      const user = repo.findByName(request.body.username);
      const ok = await verifyPassword(request.body.password, user?.passwordHash ?? (await dummyHash));
      if (!user || !ok || user.disabled) {
        request.audit('auth/login-failed', null, { reason: !user ? 'unknown user' : !ok ? 'wrong password' : 'account disabled' }, user ?? null);
        throw new QmsError('QMS_ERR_BAD_CREDENTIALS');
      }
      const counterId = chosenCounter(request.body.counterId, user);
      const token = repo.createSession(user.id, app.clock(), SESSION_TTL_MS, counterId);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(request.protocol === 'https'));
      request.audit('auth/login', counterId, {}, user);
      return { id: user.id, username: user.username, role: user.role, counterId };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['staff'], summary: 'Sign out' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) repo.deleteSession(token);
    if (request.session) request.audit('auth/logout', request.session.counterId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { schema: { tags: ['staff'], summary: 'The signed-in staff member and their counter' }, onRequest: app.requireStaff() }, async (request) =>
    me(request.session!),
  );

  app.post(
    '/api/auth/counter',
    {
      schema: { tags: ['staff'], summary: 'Choose (or change, or with null leave) the counter this session works at', body: ChooseCounterBody },
      onRequest: app.requireStaff(),
    },
    async (request) => {
      const session = request.session!;
      const from = session.counterId;
      repo.setSessionCounter(session, chosenCounter(request.body.counterId, session));
      request.audit('auth/counter', session.counterId, { from });
      return me(session);
    },
  );

  app.post('/api/setup', { schema: { tags: ['staff'], summary: 'Create the first administrator (once)', body: SetupBody } }, async (request, reply) => {
    if (repo.userCount() > 0) throw new QmsError('QMS_ERR_SETUP_DONE');
    const hash = await hashPassword(request.body.password);
    // Checked again after the await: two setup pages submitted together must not make two administrators.
    if (repo.userCount() > 0) throw new QmsError('QMS_ERR_SETUP_DONE');
    const user = repo.createUser(request.body.username, hash, 'admin', app.clock());
    request.audit('user/create', user.username, { role: 'admin', via: 'setup' }, null);
    reply.code(201);
    return { id: user.id, username: user.username, role: user.role };
  });

  app.get('/setup', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(setupPage));
};

export default routes;
