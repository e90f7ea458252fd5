import { z } from 'zod';
import { MAX_SPEED_KMH } from '../../shared/tracking/rules.ts';

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** Configuration from the environment; every variable is documented in the README. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data/db'),
  DATABASE_URL: z.string().url().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  DEMO_PASSWORD: z.string().min(8).optional(),
  DEMO_SEED: z.string().default('xigang-2023-09-14'),
  SEED_DEMO: bool.default(true),
  SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  TITLE: z.string().default('西岗镇网格巡查指挥中心'),
  /**
   * An online basemap under the project's own layers, if the site has one (e.g. Tianditu, whose CGCS2000
   * tiles sit on WGS84 geodata within centimetres): raster tile URLs with {z} {x} {y}, comma-separated for
   * mirrors. Unset, nothing leaves the machine.
   */
  BASEMAP_TILES: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .url()
            .regex(/^https?:\/\//, 'http(s) only')
            .refine((u) => ['{z}', '{x}', '{y}'].every((k) => u.includes(k)), 'a tile URL needs {z}, {x} and {y}'),
        )
        .min(1),
    )
    .optional(),
  BASEMAP_ATTRIBUTION: z.string().max(200).default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLIENT_DIR: z.string().default('./dist'),
  OSMAND_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SERVICE_AREA: z
    .string()
    .transform((s) => s.split(',').map(Number))
    .pipe(z.tuple([z.number().min(-180), z.number().min(-90), z.number().max(180), z.number().max(90)]))
    .optional(),
  SERVICE_MARGIN_M: z.coerce.number().min(0).max(100_000).default(3000),
  MAX_ACCURACY_M: z.coerce.number().positive().default(50),
  MAX_SPEED_KMH: z.coerce.number().positive().default(MAX_SPEED_KMH),
  MAX_FIX_AGE_H: z.coerce
    .number()
    .positive()
    .default(7 * 24),
  LIVE_FLUSH_MS: z.coerce.number().int().min(50).max(1000).default(100),
  /** Raw positions are kept this many days (0: for ever); coverage records and daily rollups stay. */
  POSITIONS_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .refine((d) => d === 0 || (d >= 31 && d <= 3660), '0 (keep for ever) or 31–3660 days: heat maps and visit checks read a month back')
    .default(366),
  /**
   * The proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (Express's `trust proxy`): their
   * addresses or CIDRs, comma-separated, or `loopback`. None by default: behind nginx, set it to nginx's
   * address, or any local process could claim to be any client (throttles are per address).
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)(,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*$/,
      'addresses or CIDRs, comma-separated, or loopback',
    )
    .optional(),
  /** Several server nodes on one PostgreSQL share their live state through this Redis (docs/deploy.md). */
  REDIS_URL: z.string().url().optional(),
  /** This node's name among several; by default the host name and process id. */
  NODE_ID: z
    .string()
    .regex(/^[\w.:-]{1,64}$/)
    .optional(),
  PHOTO_MAX_MB: z.coerce.number().positive().max(50).default(8),
  PHOTO_STRIP_EXIF: bool.default(false),
  /** Every API answer is checked against its contract's schema; one off it becomes a 500 `off_contract` (on in the tests). */
  CHECK_ANSWERS: bool.default(false),
});
export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${lines}`);
  }
  return parsed.data;
}

/** The proxies whose forwarded headers are believed (TRUST_PROXY; issue 16 #20): none unless named. */
export const trustedProxies = (config: Pick<Config, 'TRUST_PROXY'>): string[] => config.TRUST_PROXY?.split(',').map((p) => p.trim()) ?? [];
