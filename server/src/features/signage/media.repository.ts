import type { MediaSchedule } from '@qms/shared';
import { anyTime, QmsError } from '@qms/shared';
import { asc, eq, sql } from 'drizzle-orm';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/open';
import { appSettings, media } from '../../db/schema';

export type MediaKind = 'image' | 'video' | 'text';

export interface MediaItem {
  id: string;
  kind: MediaKind;
  title: string;
  file: string | null;
  mime: string | null;
  bytes: number | null;
  text: string | null;
  durationSeconds: number;
  position: number;
  active: boolean;
  schedule: MediaSchedule;
  shownCount: number;
  createdAt: number;
}

export interface MediaChange {
  title?: string;
  text?: string;
  durationSeconds?: number;
  position?: number;
  active?: boolean;
  schedule?: Partial<MediaSchedule>;
}

/** The formats a display plays, told by their first bytes, whatever the upload claims to be. */
const signatures: { mime: string; ext: string; kind: 'image' | 'video'; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/png', ext: 'png', kind: 'image', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/jpeg', ext: 'jpg', kind: 'image', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/webp', ext: 'webp', kind: 'image', test: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' },
  { mime: 'image/gif', ext: 'gif', kind: 'image', test: (b) => /^GIF8[79]a$/.test(b.toString('latin1', 0, 6)) },
  { mime: 'video/mp4', ext: 'mp4', kind: 'video', test: (b) => b.toString('latin1', 4, 8) === 'ftyp' },
  { mime: 'video/webm', ext: 'webm', kind: 'video', test: (b) => b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])) },
];

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_VIDEO_BYTES = 200 * 1024 * 1024;

export function sniff(bytes: Buffer): (typeof signatures)[number] | undefined {
  return signatures.find((s) => s.test(bytes));
}

const toItem = (r: typeof media.$inferSelect): MediaItem => ({
  id: r.id,
  kind: r.kind as MediaKind,
  title: r.title,
  file: r.file,
  mime: r.mime,
  bytes: r.bytes,
  text: r.text,
  durationSeconds: r.durationSeconds,
  position: r.position,
  active: r.active,
  schedule: { ...anyTime(), ...(r.schedule as Partial<MediaSchedule>) },
  shownCount: r.shownCount,
  createdAt: r.createdAt,
});

/** The playlist in SQLite, its files in DATA_DIR/media. */
export class MediaRepository {
  readonly dir: string;

  constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.dir = join(dataDir, 'media');
    mkdirSync(this.dir, { recursive: true });
  }

  list(): MediaItem[] {
    return this.db.select().from(media).orderBy(asc(media.position), asc(media.createdAt)).all().map(toItem);
  }

  get(id: string): MediaItem {
    const r = this.db.select().from(media).where(eq(media.id, id)).get();
    if (!r) throw new QmsError('QMS_ERR_NOT_FOUND', { detail: `playlist item ${id}` });
    return toItem(r);
  }

  /**
   * Stores an uploaded image or video. The content decides what it is; a file that is not an image or a
   * video the displays play, or is too large, is refused and nothing is kept.
   */
  addFile(kind: 'image' | 'video', title: string, bytes: Buffer, durationSeconds: number, now: number): MediaItem {
    const format = sniff(bytes);
    if (!format) throw new QmsError('QMS_ERR_VALIDATION', { detail: 'the file is not a PNG, JPEG, WebP or GIF image, nor an MP4 or WebM video' }, { field: 'file' });
    if (format.kind !== kind) throw new QmsError('QMS_ERR_VALIDATION', { detail: `the file is ${format.kind === 'image' ? 'an image' : 'a video'}, not ${kind === 'image' ? 'an image' : 'a video'}` }, { field: 'file' });
    const limit = kind === 'image' ? MAX_IMAGE_BYTES : MAX_VIDEO_BYTES;
    if (bytes.length > limit) throw new QmsError('QMS_ERR_VALIDATION', { detail: `the file is larger than ${limit / 1024 / 1024} MB` }, { field: 'file' });
    const id = randomUUID();
    const file = `${id.slice(0, 8)}-${randomBytes(6).toString('hex')}.${format.ext}`;
    // Written whole under a temporary name first: a half-written file never gets a playlist row.
    const tmp = join(this.dir, `.${file}.part`);
    writeFileSync(tmp, bytes);
    renameSync(tmp, join(this.dir, file));
    try {
      return this.insert({ id, kind, title, file, mime: format.mime, bytes: bytes.length, text: null, durationSeconds }, now);
    } catch (e) {
      rmSync(join(this.dir, file), { force: true });
      throw e;
    }
  }

  addText(title: string, text: string, durationSeconds: number, now: number): MediaItem {
    return this.insert({ id: randomUUID(), kind: 'text', title, file: null, mime: null, bytes: null, text, durationSeconds }, now);
  }

  update(id: string, change: MediaChange): MediaItem {
    const current = this.get(id);
    if (change.text !== undefined && current.kind !== 'text') throw new QmsError('QMS_ERR_VALIDATION', { detail: 'only a text slide has text' }, { field: 'text' });
    const schedule = { ...current.schedule, ...change.schedule };
    if (schedule.startDate && schedule.endDate && schedule.startDate > schedule.endDate) {
      throw new QmsError('QMS_ERR_VALIDATION', { detail: 'the schedule ends before it starts' }, { field: 'schedule' });
    }
    const row = this.db
      .update(media)
      .set({
        title: change.title ?? current.title,
        text: change.text ?? current.text,
        durationSeconds: change.durationSeconds ?? current.durationSeconds,
        position: change.position ?? current.position,
        active: change.active ?? current.active,
        schedule,
      })
      .where(eq(media.id, id))
      .returning()
      .get()!;
    return toItem(row);
  }

  remove(id: string): void {
    const item = this.get(id);
    this.db.delete(media).where(eq(media.id, id)).run();
    if (item.file) rmSync(join(this.dir, item.file), { force: true });
  }

  /** A display showed the item once more. */
  shown(id: string): void {
    const r = this.db.update(media).set({ shownCount: sql`${media.shownCount} + 1` }).where(eq(media.id, id)).returning({ id: media.id }).get();
    if (!r) throw new QmsError('QMS_ERR_NOT_FOUND', { detail: `playlist item ${id}` });
  }

  ticker(): string[] {
    const r = this.db.select().from(appSettings).where(eq(appSettings.name, 'ticker')).get();
    return (r?.value as string[] | undefined) ?? [];
  }

  setTicker(texts: string[]): void {
    this.db.insert(appSettings).values({ name: 'ticker', value: texts }).onConflictDoUpdate({ target: appSettings.name, set: { value: texts } }).run();
  }

  private insert(item: Omit<MediaItem, 'position' | 'active' | 'schedule' | 'shownCount' | 'createdAt'>, now: number): MediaItem {
    const last = this.db.select({ p: sql<number | null>`max(${media.position})` }).from(media).get()?.p ?? 0;
    const row = this.db
      .insert(media)
      .values({ ...item, position: last + 1, active: true, schedule: anyTime(), shownCount: 0, createdAt: now })
      .returning()
      .get();
    return toItem(row);
  }
}
