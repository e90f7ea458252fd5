// The incident API (R18-R20, R31, R40): classes, reports, the case workflow, photos, dispatch help, KPIs.
import { readRawBody } from '../platform/http/body.ts';
import { createHash } from 'node:crypto';
import { BRIGADE_ROLES, ROLES } from '../../shared/core/roles.ts';
import { incidentKpis, type KpiCase } from '../../shared/incidents/kpis.ts';
import { type KPI_GROUPS, incidents as contract } from '../../shared/incidents/contract.ts';
import { dayRange } from '../../shared/core/time.ts';
import type { Platform } from '../platform/capability.ts';
import type { IncidentFeed } from './feed.ts';
import type { IncidentService } from './service.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route, type DevicePrincipal, type Principal } from '../platform/http/route.ts';
import { audit } from '../auth/audit.ts';
import { assertExists } from '../platform/db/refs.ts';
import { loadCategories } from './catalog.ts';
import { oversizedPhoto, photoDimensions, photoType, stripJpegExif } from './photos.ts';
import { visible, type Actor } from './access.ts';

const GROUPS: Record<(typeof KPI_GROUPS)[number], string | null> = {
  none: null,
  squad: 'i.squad_id',
  worker: 'i.assignee_worker_id',
  department: 'i.assignee_department_id',
  category: 'i.category_code',
  source: 'i.source',
};

/** Handling roles may see the timeline and act; the wall only looks. */
const HANDLERS = ROLES.filter((r) => r !== 'wall');

export function incidentRoutes({ db, config }: Platform, incidents: IncidentService, feed: IncidentFeed) {
  /** The actor of a request: a user, or a worker's terminal acting as its worker. */
  async function actorOf(user: Principal | undefined, device: DevicePrincipal | undefined): Promise<Actor> {
    if (user)
      return {
        role: user.role,
        userId: user.userId,
        deviceId: null,
        workerId: user.workerId,
        squadId: user.squadId,
        gridId: user.gridId,
        departmentId: user.departmentId,
      };
    if (!device?.workerId) throw new HttpError(409, 'device_unassigned', 'this terminal is not assigned to a worker');
    const [g] = await db.query<{ id: number; squadId: number }>('SELECT id, squad_id AS "squadId" FROM grids WHERE worker_id = $1', [device.workerId]);
    return {
      role: 'worker',
      userId: null,
      deviceId: device.id,
      workerId: device.workerId,
      squadId: g?.squadId ?? null,
      gridId: g?.id ?? null,
      departmentId: null,
    };
  }

  return [
    route(contract.categories, {
      summary: 'Incident classes (事件分类): major + minor code, department (R6), time limit, on-the-spot allowed (R18)',
      access: ROLES,
      async handler() {
        return { categories: await loadCategories(db) };
      },
    }),
    route(contract.createCategory, {
      summary: 'An administrator adds an incident class: its code (major + minor), department (R6), time limit, on the spot or not (R18)',
      access: ['admin'],
      async handler({ body, user, req }) {
        await db.transaction(async (tx) => {
          if ((await tx.query('SELECT 1 FROM incident_categories WHERE code = $1', [body.code])).length)
            throw new HttpError(409, 'conflict', `incident class ${body.code} exists already`);
          if (body.departmentId !== null) await assertExists(tx, 'departments', body.departmentId, 'department');
          const [major] = await tx.query<{ name: string }>('SELECT major_name AS name FROM incident_categories WHERE left(code, 2) = $1 LIMIT 1', [
            body.code.slice(0, 2),
          ]);
          if (major && body.majorName !== undefined && body.majorName !== major.name)
            throw new HttpError(422, 'invalid_request', `major class ${body.code.slice(0, 2)} is ${major.name}, not ${body.majorName}`);
          const majorName = major?.name ?? body.majorName;
          if (!majorName) throw new HttpError(422, 'invalid_request', `major class ${body.code.slice(0, 2)} is new: give its majorName`);
          await tx.query(
            `INSERT INTO incident_categories (code, major_name, name, department_id, time_limit_h, hours_kind, on_spot, filing, closing)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [body.code, majorName, body.name, body.departmentId, body.timeLimitH, body.hoursKind, body.onSpot, body.filing ?? '', body.closing ?? ''],
          );
          await audit(tx, {
            userId: user.userId,
            action: 'create',
            entity: 'incident_category',
            entityId: body.code,
            after: { ...body, majorName },
            ip: req.ip,
          });
        });
        await incidents.reloadCategories();
        return incidents.category(body.code)!;
      },
    }),
    route(contract.editCategory, {
      summary: 'An administrator edits an incident class: department, time limit and how it is counted, on the spot, conditions',
      access: ['admin'],
      async handler({ params, body, user, req }) {
        const before = incidents.category(params.code);
        if (!before) throw new HttpError(404, 'not_found', `no incident class ${params.code}`);
        if (body.departmentId != null && !(await db.query('SELECT 1 FROM departments WHERE id = $1', [body.departmentId])).length)
          throw new HttpError(422, 'unknown_reference', `department ${body.departmentId} does not exist`);
        const cols: Record<string, unknown> = {
          name: body.name,
          department_id: body.departmentId,
          time_limit_h: body.timeLimitH,
          hours_kind: body.hoursKind,
          on_spot: body.onSpot,
          filing: body.filing,
          closing: body.closing,
          active: body.active,
        };
        const set = Object.entries(cols).filter(([, v]) => v !== undefined);
        if (!set.length) throw new HttpError(400, 'invalid_request', 'nothing to change');
        await db.query(`UPDATE incident_categories SET ${set.map(([k], i) => `${k} = $${i + 2}`).join(', ')} WHERE code = $1`, [
          params.code,
          ...set.map(([, v]) => v),
        ]);
        await incidents.reloadCategories();
        await audit(db, {
          userId: user.userId,
          action: 'update',
          entity: 'incident_category',
          entityId: params.code,
          before,
          after: incidents.category(params.code),
          ip: req.ip,
        });
        return incidents.category(params.code)!;
      },
    }),
    route(contract.calendar, {
      summary: 'The working-time calendar: public holidays and weekend working days (调休) for working-hour deadlines',
      access: BRIGADE_ROLES,
      async handler() {
        return { days: await db.query('SELECT day, kind, name FROM calendar_days ORDER BY day') };
      },
    }),
    route(contract.setCalendar, {
      summary: 'An administrator sets calendar days (holiday, workday, or normal to remove an entry)',
      access: ['admin'],
      async handler({ body, user, req }) {
        await db.transaction(async (tx) => {
          await tx.query('DELETE FROM calendar_days WHERE day = ANY($1::date[])', [body.days.map((d) => d.day)]);
          const keep = body.days.filter((d) => d.kind !== 'normal');
          if (keep.length)
            await tx.query('INSERT INTO calendar_days (day, kind, name) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])', [
              keep.map((d) => d.day),
              keep.map((d) => d.kind),
              keep.map((d) => d.name),
            ]);
          await audit(tx, { userId: user.userId, action: 'update', entity: 'calendar', entityId: null, after: body.days, ip: req.ip });
        });
        return { days: await db.query('SELECT day, kind, name FROM calendar_days ORDER BY day') };
      },
    }),
    route(contract.report, {
      summary:
        'Reports an incident (上报) from a terminal (device token) or a user; located in its grid, village and squad; possible duplicates nearby are returned',
      access: ['device', 'admin', 'duty', 'inspector', 'worker', 'squad_leader', 'leader'],
      async handler({ body, user, device, req }) {
        const actor = await actorOf(user, device);
        const { row, duplicates, repeated } = await incidents.create(actor, body);
        const summary = incidents.summary(row);
        if (!repeated)
          await audit(db, {
            userId: actor.userId,
            deviceId: actor.deviceId,
            action: 'report',
            entity: 'incident',
            entityId: row.id,
            after: { code: row.code, categoryCode: row.categoryCode, source: row.source },
            ip: req.ip,
          });
        if (!repeated) feed.publish('report', summary);
        return { ...summary, possibleDuplicates: duplicates, repeated };
      },
    }),
    route(contract.list, {
      summary: 'Incidents in scope, filtered and paged, the most pressing first (time left to the deadline)',
      access: ROLES,
      async handler({ query, user }) {
        const actor = await actorOf(user, undefined);
        if (actor.role === 'squad_leader' && query.squad !== undefined && query.squad !== actor.squadId)
          throw new HttpError(403, 'forbidden', 'a squad leader sees only their own squad');
        const v = visible(actor, 1);
        const params: unknown[] = [...v.params];
        const where = [v.sql];
        const add = (sql: string, value: unknown) => {
          params.push(value);
          where.push(sql.replaceAll('?', `$${params.length}`));
        };
        if (query.state) add('i.state = ?', query.state);
        if (query.open === 'true') where.push(`i.state NOT IN ('closed', 'rejected', 'merged')`);
        if (query.open === 'false') where.push(`i.state IN ('closed', 'rejected', 'merged')`);
        if (query.category) add(`i.category_code LIKE ? || '%'`, query.category);
        if (query.squad) add('i.squad_id = ?', query.squad);
        if (query.grid) add('i.grid_id = ?', query.grid);
        if (query.source) add('i.source = ?', query.source);
        if (query.overdue === 'true')
          where.push(`i.deadline < now() AND i.handled_at IS NULL AND i.state NOT IN ('closed', 'rejected', 'merged', 'postponed', 'escalated')`);
        if (query.from) add('i.created_at >= ?', dayRange(query.from).start);
        if (query.to) add('i.created_at < ?', dayRange(query.to).end);
        const sql = where.join(' AND ');
        const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents i WHERE ${sql}`, params)) as [{ n: number }];
        const rows = await db.query(
          `SELECT i.id FROM incidents i WHERE ${sql}
            ORDER BY (i.state IN ('closed', 'rejected', 'merged')), i.deadline NULLS LAST, i.id DESC
            LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
          params,
        );
        const all = await Promise.all(rows.map((r) => incidents.load(db, (r as { id: number }).id, actor)));
        return { total: n, page: query.page, pageSize: query.pageSize, incidents: all.map((r) => incidents.summary(r)) };
      },
    }),
    route(contract.kpis, {
      summary:
        'Incident KPIs over Asia/Shanghai days from..to: 结案率, 按期结案率, 按期处置率, 返工率, 及时核查率, 延期率, counts by source and class; grouped by squad, worker, department, class or source',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        const actor = await actorOf(user, undefined);
        if (actor.role === 'squad_leader' && query.squad !== undefined && query.squad !== actor.squadId)
          throw new HttpError(403, 'forbidden', 'a squad leader sees only their own squad');
        const v = visible(actor, 4);
        const group = GROUPS[query.groupBy];
        const rows = await db.query<KpiCase & { key: string | null }>(
          `SELECT i.state, i.source, i.category_code AS "categoryCode", ${group ? `${group}::text` : 'NULL'} AS key,
                  (extract(epoch FROM i.deadline) * 1000)::float8 AS deadline, (extract(epoch FROM i.handled_at) * 1000)::float8 AS "handledAt",
                  (extract(epoch FROM i.verified_at) * 1000)::float8 AS "verifiedAt", (extract(epoch FROM i.closed_at) * 1000)::float8 AS "closedAt",
                  i.rework_count AS "reworkCount", i.extension_count AS "extensionCount"
             FROM incidents i WHERE coalesce(i.registered_at, i.created_at) >= $1 AND coalesce(i.registered_at, i.created_at) < $2
              AND ($3::int IS NULL OR i.squad_id = $3) AND ${v.sql}`,
          [dayRange(query.from).start, dayRange(query.to).end, query.squad ?? null, ...v.params],
        );
        const now = Date.now();
        const groups = new Map<string, KpiCase[]>();
        for (const r of rows) (groups.get(r.key ?? '—') ?? groups.set(r.key ?? '—', []).get(r.key ?? '—')!).push(r);
        return {
          from: query.from,
          to: query.to,
          groupBy: query.groupBy,
          total: incidentKpis(rows, now),
          groups: group
            ? [...groups].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })).map(([key, of]) => ({ key, ...incidentKpis(of, now) }))
            : [],
        };
      },
    }),
    route(contract.duplicates, {
      summary: 'Before saving a report: open incidents of the same class within 100 m and 24 h of a point',
      access: ['admin', 'duty', 'inspector', 'worker', 'squad_leader', 'leader'],
      async handler({ query, user }) {
        return { duplicates: await incidents.duplicatesNear(db, await actorOf(user, undefined), query.categoryCode, query.lon, query.lat, null) };
      },
    }),
    route(contract.detail, {
      summary: 'One incident with its timeline, photos and the actions the caller may take; the resident’s contact only for handling roles (R40)',
      access: ROLES,
      async handler({ params, user, req }) {
        const d = await incidents.detail(await actorOf(user, undefined), params.id);
        // Reading a resident's contact is itself recorded (R40).
        if (d.caller?.phone && !d.caller.phone.includes('*'))
          await audit(db, { userId: user.userId, action: 'read', entity: 'incident_caller', entityId: params.id, ip: req.ip });
        return d;
      },
    }),
    route(contract.act, {
      summary: 'A workflow action with the version last seen: the updated incident, 409 when the state does not allow it or another officer acted first',
      access: ['device', ...HANDLERS],
      async handler({ params, body, user, device, req }) {
        const actor = await actorOf(user, device);
        const { before, row } = await incidents.act(actor, params.id, body);
        await audit(db, {
          userId: actor.userId,
          deviceId: actor.deviceId,
          action: body.action,
          entity: 'incident',
          entityId: params.id,
          before: { state: before.state, version: before.version },
          after: { state: row.state, version: row.version },
          ip: req.ip,
        });
        feed.publish(body.action, incidents.summary(row));
        return incidents.detail(actor, params.id);
      },
    }),
    route(contract.suggestions, {
      summary: 'Dispatch help: the nearest available workers (own grid first) with distance and ETA on foot and by e-bike, and the class’s department',
      access: ['admin', 'duty', 'leader', 'squad_leader'],
      async handler({ params, user }) {
        return incidents.suggestions(await actorOf(user, undefined), params.id);
      },
    }),
    route(contract.attach, {
      summary: 'Adds a photo (JPEG, PNG or WebP, by content; size-limited) to an incident: the raw image as the body',
      access: ['device', ...HANDLERS],
      async handler({ params, user, device, req }) {
        const actor = await actorOf(user, device);
        const r = await incidents.load(db, params.id, actor);
        let bytes = await readRawBody(req, config.PHOTO_MAX_MB * 1024 * 1024, 'a photo');
        const mime = photoType(bytes);
        if (!mime) throw new HttpError(415, 'unsupported_media_type', 'a photo must be a JPEG, PNG or WebP image');
        const size = photoDimensions(bytes);
        if (!size) throw new HttpError(415, 'unreadable_image', `the ${mime} header cannot be read: the file is damaged or not an image`);
        const oversized = oversizedPhoto(size);
        if (oversized) throw new HttpError(413, 'image_too_large', oversized);
        if (mime === 'image/jpeg' && config.PHOTO_STRIP_EXIF) bytes = stripJpegExif(bytes);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        // The same photo again from the same sender (a phone's queue re-sending after a lost answer): the one
        // stored is the answer. Another's copy of it is their own evidence, kept.
        const [stored] = await db.query<{ id: number }>(
          `SELECT a.id FROM incident_attachments a JOIN incident_events e ON e.id = a.event_id
            WHERE a.incident_id = $1 AND a.sha256 = $2 AND e.actor_user_id IS NOT DISTINCT FROM $3 AND e.actor_device_id IS NOT DISTINCT FROM $4
            ORDER BY a.id LIMIT 1`,
          [r.id, sha256, actor.userId, actor.deviceId],
        );
        if (stored) return { id: stored.id, mime, size: bytes.length, sha256, url: `/api/incidents/${r.id}/attachments/${stored.id}` };
        const id = await db.transaction(async (tx) => {
          const [ev] = await tx.query<{ id: number }>(
            `INSERT INTO incident_events (incident_id, action, from_state, to_state, actor_user_id, actor_device_id, data) VALUES ($1, 'attach', $2, $2, $3, $4, $5) RETURNING id`,
            [r.id, r.state, actor.userId, actor.deviceId, JSON.stringify({ mime, size: bytes.length })],
          );
          const [a] = await tx.query<{ id: number }>(
            `INSERT INTO incident_attachments (incident_id, event_id, mime, size, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [r.id, ev!.id, mime, bytes.length, sha256, bytes],
          );
          await audit(tx, {
            userId: actor.userId,
            deviceId: actor.deviceId,
            action: 'attach',
            entity: 'incident',
            entityId: r.id,
            after: { attachment: a!.id, mime, size: bytes.length, sha256 },
            ip: req.ip,
          });
          return a!.id;
        });
        return { id, mime, size: bytes.length, sha256, url: `/api/incidents/${r.id}/attachments/${id}` };
      },
    }),
    route(contract.photo, {
      summary: 'A photo of an incident, as stored',
      access: HANDLERS,
      async handler({ params, user, res }) {
        await incidents.load(db, params.id, await actorOf(user, undefined));
        const [a] = await db.query<{ mime: string; bytes: Buffer }>('SELECT mime, bytes FROM incident_attachments WHERE id = $1 AND incident_id = $2', [
          params.photo,
          params.id,
        ]);
        if (!a) throw new HttpError(404, 'not_found', `no photo ${params.photo} on incident ${params.id}`);
        res.type(a.mime).set('cache-control', 'private, max-age=86400').send(Buffer.from(a.bytes));
      },
    }),
  ];
}
