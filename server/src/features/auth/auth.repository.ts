import { createHash, randomBytes } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { sessions, users } from '../../db/schema';

export type Role = 'admin' | 'manager' | 'clerk';
export interface User {
  id: number;
  username: string;
  role: Role;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export class AuthRepository {
  /** Sessions by token hash: every staff request checks one, and most are the same few clerks. */
  private readonly cache = new Map<string, { user: User; expiresAt: number }>();

  constructor(private readonly db: Db) {}

  userCount(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
  }

  findByName(username: string): (User & { passwordHash: string }) | undefined {
    const r = this.db.select().from(users).where(eq(users.username, username)).get();
    return r ? { id: r.id, username: r.username, role: r.role as Role, passwordHash: r.passwordHash } : undefined;
  }

  createUser(username: string, passwordHash: string, role: Role, now: number): User {
    const r = this.db.insert(users).values({ username, passwordHash, role, createdAt: now }).returning().get();
    return { id: r.id, username: r.username, role: r.role as Role };
  }

  /** A new password signs the user out everywhere. */
  setPassword(id: number, passwordHash: string): void {
    this.db.update(users).set({ passwordHash }).where(eq(users.id, id)).run();
    this.db.delete(sessions).where(eq(sessions.userId, id)).run();
    for (const [k, v] of this.cache) if (v.user.id === id) this.cache.delete(k);
  }

  /** Returns the token for the cookie; only its hash is stored. */
  createSession(userId: number, now: number, ttlMs: number): string {
    const token = randomBytes(32).toString('base64url');
    this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
    this.db.insert(sessions).values({ tokenHash: sha256(token), userId, createdAt: now, expiresAt: now + ttlMs }).run();
    return token;
  }

  sessionUser(token: string, now: number): User | undefined {
    const hash = sha256(token);
    const cached = this.cache.get(hash);
    if (cached) {
      if (cached.expiresAt >= now) return cached.user;
      this.cache.delete(hash);
      return undefined;
    }
    const r = this.db
      .select({ id: users.id, username: users.username, role: users.role, expiresAt: sessions.expiresAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, hash))
      .get();
    if (!r || r.expiresAt < now) return undefined;
    const user: User = { id: r.id, username: r.username, role: r.role as Role };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { user, expiresAt: r.expiresAt });
    return user;
  }

  deleteSession(token: string): void {
    const hash = sha256(token);
    this.cache.delete(hash);
    this.db.delete(sessions).where(eq(sessions.tokenHash, hash)).run();
  }
}
