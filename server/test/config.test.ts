import t from 'tap';
import { loadConfig } from '../src/config';

t.test('the environment is checked at boot', async (t) => {
  const ok = loadConfig({ DATA_DIR: '/tmp/x' });
  t.match(ok, { PORT: 8080, HOST: '0.0.0.0', DATA_DIR: '/tmp/x', WS_HEARTBEAT_SECONDS: 5 });
  t.equal(loadConfig({ PORT: '9000' }).PORT, 9000);
  t.throws(() => loadConfig({ PORT: 'eighty' }), /PORT must be integer/);
  t.throws(() => loadConfig({ PORT: '70000' }), /PORT must be <= 65535/);
  t.throws(() => loadConfig({ QMS_ADMIN: 'admin' }), /QMS_ADMIN must match pattern/, 'user:password');
  t.throws(() => loadConfig({ QMS_ADMIN: 'admin:short' }), /QMS_ADMIN/, 'passwords of 8 characters or more');
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL must be equal to one of the allowed values/);
});
