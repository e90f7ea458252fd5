// The audit trail's viewer and export, for administrators and inspectors (督察队 re-investigations, R2, R40).
import type { z } from 'zod';
import { type AuditQuery, audit as contract } from '../../shared/audit/contract.ts';
import { dayRange } from '../../shared/core/time.ts';
import { csvCell } from './csv.ts';
import type { Platform } from '../platform/capability.ts';
import { route } from '../platform/http/route.ts';
import { audit } from '../auth/audit.ts';

interface Row {
  id: number;
  at: Date;
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export function auditRoutes({ db }: Platform) {
  async function find(q: z.infer<typeof AuditQuery>) {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.from) add('a.at >= ?', dayRange(q.from).start);
    if (q.to) add('a.at < ?', dayRange(q.to).end);
    if (q.user) add('a.user_id = ?', q.user);
    if (q.entity) add('a.entity = ?', q.entity);
    if (q.action) add('a.action = ?', q.action);
    const sql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log a ${sql}`, params)) as [{ n: number }];
    const rows = await db.query<Row>(
      `SELECT a.id, a.at, a.user_id AS "userId", u.username, a.action, a.entity, a.entity_id AS "entityId", a.before, a.after, a.ip
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ${sql} ORDER BY a.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      params,
    );
    return { total: n, rows };
  }

  return [
    route(contract.list, {
      summary: 'The audit trail, newest first, filtered by day range, user, entity and action (admins and inspectors)',
      access: ['admin', 'inspector'],
      async handler({ query }) {
        const { total, rows } = await find(query);
        return { total, page: query.page, pageSize: query.pageSize, entries: rows };
      },
    }),
    route(contract.csv, {
      summary: 'The same, as CSV for Excel (UTF-8 with BOM, Chinese headers); the export itself is audited',
      access: ['admin', 'inspector'],
      async handler({ query, user, req, res }) {
        const { rows } = await find({ ...query, pageSize: Math.min(query.pageSize, 1000) });
        await audit(db, { userId: user.userId, action: 'export', entity: 'audit_log', after: { filter: query, rows: rows.length }, ip: req.ip });
        const lines = [['编号', '时间', '用户', '操作', '对象', '对象编号', '变更前', '变更后', '来源地址'].map(csvCell).join(',')];
        for (const r of rows)
          lines.push([r.id, r.at.toISOString(), r.username ?? r.userId, r.action, r.entity, r.entityId, r.before, r.after, r.ip].map(csvCell).join(','));
        res
          .type('text/csv; charset=utf-8')
          .attachment('audit.csv')
          .send(`\ufeff${lines.join('\r\n')}\r\n`);
      },
    }),
  ];
}
