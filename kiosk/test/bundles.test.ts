/**
 * What the screens download: the request schemas (and their library) belong to the server, not to a
 * kiosk, a smart TV or a clerk's PC. A value imported from the shared package's index would pull them in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { ensureBuilt } from '../../scripts/test-support/browser';

const root = fileURLToPath(new URL('../../', import.meta.url));

for (const app of ['kiosk', 'display', 'counter'] as const) {
  t.test(`the ${app}'s bundle carries no request schemas`, async (t) => {
    await ensureBuilt(app);
    const dir = join(root, app, 'dist', 'assets');
    const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));
    t.ok(scripts.length > 0, 'built');
    for (const file of scripts) {
      const code = readFileSync(join(dir, file), 'utf8');
      // typebox marks every schema it builds with this key.
      t.notOk(code.includes('"~kind"'), `${file}: no schema library`);
      t.notOk(code.includes('additionalProperties'), `${file}: no request schema`);
    }
  });
}
