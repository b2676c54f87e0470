import t from 'tap';
import { escposToSvg, escposToText, parseEscPos, renderTicket } from '../src/index';
import { logoPng, ticket } from './ticket-data';

t.test('the office logo prints at the top of the ticket as a raster image', async (t) => {
  const bytes = renderTicket({ ...ticket, logo: logoPng() });
  const items = parseEscPos(bytes);
  const image = items.find((i) => i.kind === 'image');
  t.ok(image, 'a GS v 0 raster image is in the job');
  t.match(image, { kind: 'image', width: 64, height: 24, align: 'center' });
  if (image?.kind === 'image') {
    t.equal(image.bits[0], 0xff, 'the frame is black: the first row is all dots');
    t.equal((image.bits[8 * 10 + 1]! & 0xff) === 0, true, 'the inside is white');
  }
  t.ok(items.indexOf(image!) < items.findIndex((i) => i.kind === 'line'), 'before the office name');
  t.match(escposToText(bytes), /\[IMAGE 64x24\]/);
  t.match(escposToSvg(bytes), /<image class="logo" [^>]*width="64" height="24" href="data:image\/png;base64,/);
  t.notMatch(escposToText(renderTicket(ticket)), /IMAGE/, 'no logo set: none printed');
  t.throws(() => renderTicket({ ...ticket, logo: Buffer.from('not a png') }), 'a broken logo fails the render, not silently');
});
