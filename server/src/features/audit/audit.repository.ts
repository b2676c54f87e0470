import type Database from 'better-sqlite3';
import { desc, lt } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { audit } from '../../db/schema';

export interface AuditEntry {
  userId: number | null;
  username: string | null;
  action: string;
  target: string | null;
  device: string;
  detail?: Record<string, unknown> | null;
}

export interface AuditView {
  id: number;
  at: string;
  username: string | null;
  action: string;
  target: string | null;
  device: string;
}

export class AuditRepository {
  /** Prepared once: a row is written with every staff command, inside the command's transaction. */
  private readonly insert;

  constructor(
    private readonly db: Db,
    sqlite: Database.Database,
  ) {
    this.insert = sqlite.prepare('INSERT INTO audit (at, user_id, username, action, target, device, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  record(entry: AuditEntry, at: number): void {
    const kept = Object.entries(entry.detail ?? {}).filter(([, v]) => v !== undefined && v !== null);
    const detail = kept.length > 0 ? JSON.stringify(Object.fromEntries(kept)) : null;
    this.insert.run(at, entry.userId, entry.username, entry.action, entry.target, entry.device, detail);
  }

  /** Newest first; `before` is the smallest id of the previous page. */
  list(limit: number, before?: number): AuditView[] {
    return this.db
      .select()
      .from(audit)
      .where(before === undefined ? undefined : lt(audit.id, before))
      .orderBy(desc(audit.id))
      .limit(limit)
      .all()
      .map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), username: r.username, action: r.action, target: r.target, device: r.device }));
  }
}
