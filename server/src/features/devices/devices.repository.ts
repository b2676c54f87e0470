import type { DeviceKind, TimeRange } from '@qms/shared';
import { QmsError } from '@qms/shared';
import { asc, eq } from 'drizzle-orm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../db/open';
import { devices, secrets } from '../../db/schema';

export interface AnnounceSettings {
  /** Romanian first; English repeated after it when listed. */
  languages: ('ro' | 'en')[];
  volume: number;
  /** How many times each call is said. */
  repeat: number;
  chime: boolean;
  /** Office-time ranges with no sound (the call still shows). */
  quietHours: TimeRange[];
}

/** Settings of every kind of device in one record; each kind uses its own (see `settingsView`). */
export interface DeviceSettings {
  /** Kiosk: printer address; null for the default (QMS_PRINTER for the local kiosk, else the virtual printer). */
  printer: string | null;
  /** Kiosk: most tickets given in any minute: a child pressing on and on stops here. */
  ticketsPerMinute: number;
  /** Display: the counters it shows (a second hall, a floor); null for all. */
  counters: string[] | null;
  layout: 'auto' | 'landscape' | 'portrait';
  announce: AnnounceSettings;
}

export type DeviceSettingsChange = Partial<Omit<DeviceSettings, 'announce'>> & { announce?: Partial<AnnounceSettings> };

/** One piece of hardware as a device reports it (a counter display, a keypad, a wireless-button broker). */
export interface ComponentHealth {
  name: string;
  kind: string;
  connected: boolean;
  lastSeenAt: number | null;
  error: string | null;
}

export interface Device {
  id: string;
  kind: DeviceKind;
  name: string;
  settings: DeviceSettings;
  local: boolean;
  createdAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
}

export const defaultDeviceSettings: DeviceSettings = {
  printer: null,
  ticketsPerMinute: 10,
  counters: null,
  layout: 'auto',
  announce: { languages: ['ro', 'en'], volume: 0.8, repeat: 1, chime: true, quietHours: [] },
};

/** What staff and the device itself see of the settings: the ones its kind uses. */
export function settingsView(d: Device): Partial<DeviceSettings> {
  const s = d.settings;
  if (d.kind === 'kiosk') return { printer: s.printer, ticketsPerMinute: s.ticketsPerMinute };
  if (d.kind === 'display') return { counters: s.counters, layout: s.layout, announce: s.announce };
  return { counters: s.counters };
}

const merge = (base: DeviceSettings, change: DeviceSettingsChange = {}): DeviceSettings => ({
  ...base,
  ...change,
  announce: { ...base.announce, ...change.announce },
});

/** How often a device's "last seen" is written back: every request of a polling kiosk would be a write. */
const LAST_SEEN_WRITE_MS = 60_000;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const newDeviceToken = (): string => `qmsd_${randomBytes(32).toString('base64url')}`;

const toDevice = (r: typeof devices.$inferSelect): Device => ({
  id: r.id,
  kind: r.kind as DeviceKind,
  name: r.name,
  settings: merge(defaultDeviceSettings, r.settings as DeviceSettingsChange),
  local: r.local,
  createdAt: r.createdAt,
  lastSeenAt: r.lastSeenAt,
  revokedAt: r.revokedAt,
});

export class DevicesRepository {
  /** Active devices by token hash: every kiosk and display request checks one. */
  private readonly byToken = new Map<string, Device>();
  private readonly lastWritten = new Map<string, number>();
  /** What each device last said about the hardware plugged into it; kept in memory, sent again by the device. */
  private readonly health = new Map<string, { at: number; components: ComponentHealth[] }>();

  constructor(private readonly db: Db) {
    for (const r of this.db.select().from(devices).all()) if (r.revokedAt === null) this.byToken.set(r.tokenHash, toDevice(r));
  }

  list(): Device[] {
    return this.db.select().from(devices).orderBy(asc(devices.createdAt)).all().map(toDevice);
  }

  count(): number {
    return this.db.select({ id: devices.id }).from(devices).all().length;
  }

  get(id: string): Device {
    const r = this.db.select().from(devices).where(eq(devices.id, id)).get();
    if (!r) throw new QmsError('QMS_ERR_DEVICE_NOT_FOUND', { deviceId: id });
    return this.fresh(toDevice(r));
  }

  /** The active device a token belongs to, marking it seen. */
  authenticate(token: string, now: number): Device | null {
    const device = this.byToken.get(sha256(token));
    if (!device) return null;
    device.lastSeenAt = now;
    if (now - (this.lastWritten.get(device.id) ?? 0) >= LAST_SEEN_WRITE_MS) {
      this.lastWritten.set(device.id, now);
      this.db.update(devices).set({ lastSeenAt: now }).where(eq(devices.id, device.id)).run();
    }
    return device;
  }

  /** A new device with a new token; the token is returned once and only its hash is kept. */
  create(kind: DeviceKind, name: string, settings: DeviceSettingsChange, now: number, local = false): { device: Device; token: string } {
    const token = newDeviceToken();
    const row = this.db
      .insert(devices)
      .values({
        id: randomUUID(),
        kind,
        name,
        tokenHash: sha256(token),
        settings: merge(defaultDeviceSettings, settings),
        local,
        createdAt: now,
        lastSeenAt: null,
        revokedAt: null,
      })
      .returning()
      .get();
    const device = toDevice(row);
    this.byToken.set(row.tokenHash, device);
    return { device, token };
  }

  /** A fresh token for a device (the old one stops working); used for the local kiosk at every boot. */
  rotateToken(id: string): string {
    const token = newDeviceToken();
    const old = this.db.select().from(devices).where(eq(devices.id, id)).get();
    if (!old) throw new QmsError('QMS_ERR_DEVICE_NOT_FOUND', { deviceId: id });
    this.db.update(devices).set({ tokenHash: sha256(token) }).where(eq(devices.id, id)).run();
    this.byToken.delete(old.tokenHash);
    if (old.revokedAt === null) this.byToken.set(sha256(token), toDevice({ ...old, tokenHash: sha256(token) }));
    return token;
  }

  update(id: string, change: { name?: string; settings?: DeviceSettingsChange }): Device {
    const current = this.get(id);
    const settings = merge(current.settings, change.settings);
    const row = this.db
      .update(devices)
      .set({ name: change.name ?? current.name, settings })
      .where(eq(devices.id, id))
      .returning()
      .get()!;
    const cached = this.byToken.get(row.tokenHash);
    if (cached) Object.assign(cached, { name: row.name, settings });
    return this.fresh(toDevice(row));
  }

  revoke(id: string, now: number): Device {
    const current = this.get(id);
    if (current.revokedAt !== null) return current;
    const row = this.db.update(devices).set({ revokedAt: now }).where(eq(devices.id, id)).returning().get()!;
    this.byToken.delete(row.tokenHash);
    return toDevice(row);
  }

  /** The cached copy knows the latest "last seen", which is written back only now and then. */
  private fresh(d: Device): Device {
    for (const c of this.byToken.values()) if (c.id === d.id && c.lastSeenAt !== null) return { ...d, lastSeenAt: c.lastSeenAt };
    return d;
  }

  setHealth(id: string, components: ComponentHealth[], now: number): void {
    this.health.set(id, { at: now, components });
  }

  healthOf(id: string): { at: string; components: ComponentHealth[] } | null {
    const h = this.health.get(id);
    return h ? { at: new Date(h.at).toISOString(), components: h.components } : null;
  }

  /** A named secret of this appliance, made on first use. */
  secret(name: string): Buffer {
    const row = this.db.select().from(secrets).where(eq(secrets.name, name)).get();
    if (row) return Buffer.from(row.value, 'base64');
    const value = randomBytes(32);
    this.db.insert(secrets).values({ name, value: value.toString('base64') }).onConflictDoNothing().run();
    return this.secret(name);
  }
}
