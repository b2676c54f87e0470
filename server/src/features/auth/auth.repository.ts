import { QmsError, type StaffRole } from '@qms/shared';
import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/open';
import { sessions, users } from '../../db/schema';

export type Role = StaffRole;
export interface User {
  id: number;
  username: string;
  role: Role;
}

/** A staff account as user management sees it. */
export interface Account extends User {
  disabled: boolean;
  createdAt: number;
  /** The counters the person may work at; null for any. */
  counters: string[] | null;
}

export interface Session {
  tokenHash: string;
  user: User;
  /** The counter this session works at, if one was chosen. */
  counterId: string | null;
  /** The counters the person may work at; null for any. */
  counters: string[] | null;
  expiresAt: number;
}

export interface AccountChange {
  role?: Role;
  passwordHash?: string;
  disabled?: boolean;
  counters?: string[] | null;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

const toAccount = (r: typeof users.$inferSelect): Account => ({
  id: r.id,
  username: r.username,
  role: r.role as Role,
  disabled: r.disabled,
  createdAt: r.createdAt,
  counters: (r.counters as string[] | null) ?? null,
});

const isUniqueViolation = (e: unknown): boolean => (e as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';

export class AuthRepository {
  /** Sessions by token hash: every staff request checks one, and most are the same few clerks. */
  private readonly cache = new Map<string, Session>();

  constructor(private readonly db: Db) {}

  userCount(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
  }

  findByName(username: string): (Account & { passwordHash: string }) | undefined {
    const r = this.db.select().from(users).where(eq(users.username, username)).get();
    return r ? { ...toAccount(r), passwordHash: r.passwordHash } : undefined;
  }

  findById(id: number): Account | undefined {
    const r = this.db.select().from(users).where(eq(users.id, id)).get();
    return r ? toAccount(r) : undefined;
  }

  listUsers(): Account[] {
    return this.db.select().from(users).orderBy(asc(users.id)).all().map(toAccount);
  }

  createUser(username: string, passwordHash: string, role: Role, now: number, counters: string[] | null = null): Account {
    try {
      return toAccount(this.db.insert(users).values({ username, passwordHash, role, createdAt: now, counters }).returning().get());
    } catch (error) {
      if (isUniqueViolation(error)) throw new QmsError('QMS_ERR_USERNAME_TAKEN', { username });
      throw error;
    }
  }

  /**
   * Changes an account. A new password or disabling signs the user out everywhere; no change may leave the
   * office without an active administrator.
   */
  updateUser(id: number, change: AccountChange): { before: Account; after: Account } {
    const result = this.db.transaction((tx) => {
      const row = tx.select().from(users).where(eq(users.id, id)).get();
      if (!row) throw new QmsError('QMS_ERR_USER_NOT_FOUND', { userId: id });
      const before = toAccount(row);
      const role = change.role ?? before.role;
      const disabled = change.disabled ?? before.disabled;
      if (before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled)) {
        const others = tx
          .select({ n: sql<number>`count(*)` })
          .from(users)
          .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, id)))
          .get();
        if ((others?.n ?? 0) === 0) throw new QmsError('QMS_ERR_LAST_ADMIN', { username: before.username });
      }
      const after = toAccount(
        tx
          .update(users)
          .set({
            role,
            disabled,
            ...(change.passwordHash ? { passwordHash: change.passwordHash } : {}),
            ...(change.counters === undefined ? {} : { counters: change.counters }),
          })
          .where(eq(users.id, id))
          .returning()
          .get()!,
      );
      if (change.passwordHash || (disabled && !before.disabled)) tx.delete(sessions).where(eq(sessions.userId, id)).run();
      return { before, after };
    });
    this.forgetCached(id);
    return result;
  }

  /** After any change of an account its cached sessions go; those that still exist are read again. */
  forgetCached(userId: number): void {
    for (const [k, v] of this.cache) if (v.user.id === userId) this.cache.delete(k);
  }

  /** QMS_ADMIN at boot: the account becomes a working administrator again, with the given password. */
  /** Admin role back, enabled; with a new password hash, also signed out everywhere. */
  restoreAdmin(id: number, passwordHash: string | null): void {
    this.db
      .update(users)
      .set({ ...(passwordHash ? { passwordHash } : {}), role: 'admin', disabled: false })
      .where(eq(users.id, id))
      .run();
    if (passwordHash) this.db.delete(sessions).where(eq(sessions.userId, id)).run();
    this.forgetCached(id);
  }

  /** Returns the token for the cookie; only its hash is stored. */
  createSession(userId: number, now: number, ttlMs: number, counterId: string | null = null): string {
    const token = randomBytes(32).toString('base64url');
    this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
    this.db.insert(sessions).values({ tokenHash: sha256(token), userId, createdAt: now, expiresAt: now + ttlMs, counterId }).run();
    return token;
  }

  session(token: string, now: number): Session | undefined {
    const hash = sha256(token);
    const cached = this.cache.get(hash);
    if (cached) {
      if (cached.expiresAt >= now) return cached;
      this.cache.delete(hash);
      return undefined;
    }
    const r = this.db
      .select({ id: users.id, username: users.username, role: users.role, counters: users.counters, expiresAt: sessions.expiresAt, counterId: sessions.counterId })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hash), eq(users.disabled, false)))
      .get();
    if (!r || r.expiresAt < now) return undefined;
    const session: Session = {
      tokenHash: hash,
      user: { id: r.id, username: r.username, role: r.role as Role },
      counterId: r.counterId,
      counters: (r.counters as string[] | null) ?? null,
      expiresAt: r.expiresAt,
    };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, session);
    return session;
  }

  setSessionCounter(session: Session, counterId: string | null): void {
    this.db.update(sessions).set({ counterId }).where(eq(sessions.tokenHash, session.tokenHash)).run();
    session.counterId = counterId;
  }

  deleteSession(token: string): void {
    const hash = sha256(token);
    this.cache.delete(hash);
    this.db.delete(sessions).where(eq(sessions.tokenHash, hash)).run();
  }
}
