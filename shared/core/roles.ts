// Roles of the system and who belongs to the brigade (R1-R3, R6, R40).

/**
 * Roles of the system. `wall` is the read-only kiosk of the command-centre wall (R30, R40); `department`
 * is a member department's user (R6), who sees the incidents dispatched to it.
 */
export const ROLES = ['admin', 'leader', 'duty', 'squad_leader', 'inspector', 'worker', 'wall', 'department'] as const;
export type Role = (typeof ROLES)[number];
/** The brigade's own roles: everyone but the departments, who see only their incidents and the map. */
export const BRIGADE_ROLES = ROLES.filter((r) => r !== 'department');

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  leader: '领导',
  duty: '值班员',
  squad_leader: '中队长',
  inspector: '督察队',
  worker: '网格员',
  wall: '大屏展示',
  department: '成员单位',
};
