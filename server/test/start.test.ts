import { readFileSync } from 'node:fs';
import t from 'tap';
import { ADMIN, spawnServer, START_ENV, START_FLAGS } from './helper';

t.test('the server runs as npm start runs it: bundled, on an empty data folder, with the demo office', async (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  for (const flag of START_FLAGS) t.match(pkg.scripts.start, flag, `start script has ${flag}`);
  for (const [k, v] of Object.entries(START_ENV)) t.match(pkg.scripts.start, `${k}=${v}`);

  const { url, child } = await spawnServer(t.testdir(), { built: true });
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
  t.equal(health.status, 'ok');
  const services = (await (await fetch(`${url}/api/services`)).json()) as { prefix: string; nameRo: string }[];
  t.same(
    services.map((s) => s.prefix),
    ['A', 'B', 'C', 'D', 'E'],
  );
  t.equal(services[0]!.nameRo, 'Cărți de identitate – depunere cereri');
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  t.equal(login.status, 200);
  const docs = await fetch(`${url}/docs/json`);
  t.equal(docs.status, 200);
});
