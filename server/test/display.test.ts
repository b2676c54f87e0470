import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { build, deviceClient, WsClient, type Client } from './helper';

export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const WEBM = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(60)]);

async function upload(c: Client, query: string, body: Buffer, type: string) {
  const res = await fetch(`${c.url}/api/media?${query}`, { method: 'POST', headers: { cookie: c.cookie, 'content-type': type }, body });
  return { status: res.status, body: (await res.json()) as any };
}

async function localDisplay(url: string): Promise<Client> {
  const r = await fetch(`${url}/api/devices/local-display`, { method: 'POST' });
  return deviceClient(url, ((await r.json()) as { token: string }).token);
}

t.test('the display sees its counters, the latest calls and the waiting, only for its own counters', async (t) => {
  const s = await build(t);
  const display = await localDisplay(s.url);
  for (let i = 0; i < 3; i++) await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await s.staff.post('/api/counters/counter-1/call-next');
  await s.staff.post('/api/counters/counter-2/call-next');
  const recalled = await s.staff.post('/api/counters/counter-1/call-next');
  await s.staff.post(`/api/tickets/${recalled.body.ticket.id}/recall`);

  const home = await display.get('/api/display/home');
  t.equal(home.status, 200);
  t.equal(home.body.counters.length, 8, 'all counters by default');
  t.match(home.body.counters[0], { number: 1, state: 'open', current: { code: 'A003', status: 'called' } });
  t.same(
    home.body.recentCalls.map((c: { code: string; counterNumber: number; recall: boolean }) => [c.code, c.counterNumber, c.recall]),
    [
      ['A003', 1, true],
      ['A003', 1, false],
      ['A002', 2, false],
      ['A001', 1, false],
    ],
    'newest first; a recall is a call again',
  );
  t.match(home.body.services[0], { prefix: 'A', waiting: 0 });
  t.match(home.body.settings, { counters: null, layout: 'auto', announce: { languages: ['ro', 'en'], repeat: 1, chime: true } });

  const [device] = (await s.staff.get('/api/devices')).body.filter((d: { kind: string }) => d.kind === 'display');
  const set = await s.staff.patch(`/api/devices/${device.id}`, { settings: { counters: ['counter-2'], announce: { languages: ['ro'], volume: 0.5, quietHours: [{ from: '13:00', to: '13:30' }] } } });
  t.equal(set.status, 200);
  t.same(set.body.settings.counters, ['counter-2']);
  t.notOk('printer' in set.body.settings, "a display has no printer setting");
  const second = await display.get('/api/display/home');
  t.same(second.body.counters.map((c: { number: number }) => c.number), [2], 'a profile shows only its counters');
  t.same(second.body.recentCalls.map((c: { code: string }) => c.code), ['A002'], 'and only their calls');
  t.match(second.body.settings.announce, { languages: ['ro'], volume: 0.5, repeat: 1, chime: true });

  const bad = await s.staff.patch(`/api/devices/${device.id}`, { settings: { counters: ['counter-99'] } });
  t.same([bad.status, bad.body.field], [400, 'counters'], 'an unknown counter is refused');
  const wrongKind = await s.staff.patch(`/api/devices/${device.id}`, { settings: { printer: 'virtual:' } });
  t.same([wrongKind.status, wrongKind.body.field], [400, 'printer'], 'a kiosk setting on a display is refused');
  t.equal((await deviceClient(s.url, (await s.localKiosk()).headers.authorization!.slice(7)).get('/api/display/home')).status, 403, 'a kiosk is not a display');
});

t.test('the playlist: uploads checked by content, text slides, order, schedule, show counts; changes pushed', async (t) => {
  const s = await build(t);
  const display = await localDisplay(s.url);
  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['signage']);

  const image = await upload(s.staff, 'kind=image&title=Program%20de%20lucru&durationSeconds=8', PNG, 'image/png');
  t.equal(image.status, 201);
  t.match(image.body, { kind: 'image', title: 'Program de lucru', durationSeconds: 8, mime: 'image/png', active: true, shownCount: 0 });
  t.match(image.body.url, /^\/media\/[a-z0-9-]+\.png$/);
  t.match(await ws.waitFor((m) => m.type === 'changed'), { what: 'signage' }, 'displays are told at once');
  const file = await fetch(s.url + image.body.url);
  t.equal(file.status, 200);
  t.ok(Buffer.from(await file.arrayBuffer()).equals(PNG), 'the file is served as uploaded');

  const liar = await upload(s.staff, 'kind=image&title=Virus', Buffer.from('MZ\x90\x00 this is a program'), 'image/png');
  t.same([liar.status, liar.body.code, liar.body.field], [400, 'QMS_ERR_VALIDATION', 'file'], 'a program named as a PNG is refused');
  const videoAsImage = await upload(s.staff, 'kind=image&title=Clip', WEBM, 'image/png');
  t.equal(videoAsImage.status, 400, 'a video is not an image');
  const video = await upload(s.staff, 'kind=video&title=Clip', WEBM, 'video/webm');
  t.equal(video.status, 201);
  t.equal((await s.anon.request('POST', '/api/media/text', { title: 'x', text: 'y' })).status, 401, 'anonymous callers cannot change the playlist');

  const slide = await s.staff.post('/api/media/text', { title: 'Anunț', text: 'Joi programul este 10–18.', durationSeconds: 12 });
  t.equal(slide.status, 201);
  await s.staff.patch(`/api/media/${slide.body.id}`, { position: 0, schedule: { days: ['thu'], from: '10:00', to: '18:00' } });
  const badSchedule = await s.staff.patch(`/api/media/${slide.body.id}`, { schedule: { startDate: '2026-12-10', endDate: '2026-12-01' } });
  t.equal(badSchedule.status, 400, 'a schedule that ends before it starts');
  await s.staff.patch(`/api/media/${video.body.id}`, { active: false });
  await s.staff.request('PUT', '/api/signage/ticker', { texts: ['Bine ați venit!', 'Plata se face numai cu cardul.'] });

  const home = (await display.get('/api/display/home')).body;
  t.same(home.playlist.map((p: { title: string }) => p.title), ['Anunț', 'Program de lucru'], 'active items in order');
  t.match(home.playlist[0], { kind: 'text', text: 'Joi programul este 10–18.', url: null, schedule: { days: ['thu'], from: '10:00', to: '18:00', startDate: null } });
  t.same(home.ticker, ['Bine ați venit!', 'Plata se face numai cu cardul.']);

  t.equal((await display.post(`/api/display/media/${image.body.id}/shown`)).status, 204);
  await display.post(`/api/display/media/${image.body.id}/shown`);
  const list = (await s.staff.get('/api/media')).body;
  t.equal(list.find((m: { id: string }) => m.id === image.body.id).shownCount, 2, 'managers see how often it was shown');

  const del = await s.staff.request('DELETE', `/api/media/${image.body.id}`);
  t.equal(del.status, 204);
  t.equal((await fetch(s.url + image.body.url)).status, 404, 'its file is gone too');
  t.notOk(readdirSync(join(s.dataDir, 'media')).some((f) => f.startsWith('.')), 'no half-written files left');
  t.ok(existsSync(join(s.dataDir, 'media')));
});
