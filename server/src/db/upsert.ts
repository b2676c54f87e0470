import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * A prepared `INSERT ... ON CONFLICT DO UPDATE` for a whole record of a drizzle table, with drizzle's own
 * value mapping (JSON, booleans). Prepared once: on the command path, building SQL per call cost more than
 * the disk flush.
 */
export function preparedUpsert<T extends SQLiteTable>(sqlite: Database.Database, table: T, key: keyof T['$inferSelect'] & string) {
  const columns = Object.entries(getTableColumns(table));
  const names = columns.map(([, c]) => `"${c.name}"`);
  const keyName = columns.find(([k]) => k === key)![1].name;
  const sql =
    `INSERT INTO "${getTableName(table)}" (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ` +
    `ON CONFLICT("${keyName}") DO UPDATE SET ${names.filter((n) => n !== `"${keyName}"`).map((n) => `${n} = excluded.${n}`).join(', ')}`;
  const statement = sqlite.prepare(sql);
  return (record: T['$inferInsert']): void => {
    const values = columns.map(([k, c]) => {
      const v = (record as Record<string, unknown>)[k];
      return v === undefined || v === null ? null : c.mapToDriverValue(v);
    });
    statement.run(values);
  };
}
